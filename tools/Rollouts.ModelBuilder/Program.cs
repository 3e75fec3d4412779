using System.CommandLine;
using Rollouts.ModelBuilder.Models;
using Rollouts.ModelBuilder.Output;

namespace Rollouts.ModelBuilder;

/// <summary>
/// Command line: <c>Rollouts.ModelBuilder [--out DIR] [--data CSV]</c>. Trains the sample models, writes
/// DIR/&lt;name&gt;/model.onnx + baseline.json and DIR/README.md, prints accuracy, size and sha256 per model.
/// Defaults: DIR = samples/models and CSV = samples/data/iris.csv under the repository root (found from the
/// working directory by looking for Rollouts.sln). Exit codes: 0 all checks pass, 1 a model failed a check, 2 bad usage or input.
/// </summary>
public static class Program
{
    private static readonly Option<string?> Out = new("--out") { HelpName = "DIR", Description = "Where the models go [default: samples/models]" };

    private static readonly Option<string?> Data = new("--data") { HelpName = "CSV", Description = "The iris data [default: samples/data/iris.csv]" };

    /// <summary>The command line (System.CommandLine): <c>--out DIR</c>, <c>--data CSV</c>, <c>--help</c>.</summary>
    public static RootCommand Command { get; } = new("Trains the sample models and writes model.onnx, baseline.json and README.md for each. Exit codes: 0 all checks pass, 1 a model failed a check, 2 bad usage or input.")
    {
        Out, Data,
    };

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        var parsed = Command.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            Console.Error.WriteLine("see --help");
            return 2;
        }

        if (parsed.Action is not null)
        {
            return parsed.Invoke(); // --help or --version
        }

        var outDir = parsed.GetValue(Out);
        var dataPath = parsed.GetValue(Data);
        try
        {
            string root = FindRepositoryRoot();
            outDir ??= Path.Combine(root, "samples", "models");
            dataPath ??= Path.Combine(root, "samples", "data", "iris.csv");
            return Run(Path.GetFullPath(outDir), Path.GetFullPath(dataPath));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static int Run(string outDir, string dataPath)
    {
        var context = IrisContext.Load(dataPath);
        Console.WriteLine($"data: {dataPath} ({context.All.Count} rows; split seed {IrisContext.SplitSeed}: {context.Split.Train.Count} train / {context.Split.HeldOut.Count} held-out)");
        var written = ModelCatalog.BuildAll(context).Select(m => ModelWriter.Write(outDir, m)).ToList();
        File.WriteAllText(Path.Combine(outDir, "README.md"), ReadmeWriter.Render(written, context));

        bool allPassed = true;
        foreach (var m in written)
        {
            Console.WriteLine();
            Console.WriteLine($"{m.Model.Name}: accuracy {Format.Number(m.Model.Accuracy)} on {m.Model.AccuracyScope}; {m.SizeBytes} bytes; sha256 {m.Sha256}");
            foreach (string fact in m.Model.Facts)
            {
                Console.WriteLine($"  {fact}");
            }

            foreach (var check in m.Model.Checks)
            {
                Console.WriteLine($"  [{(check.Passed ? "ok" : "FAIL")}] {check.Description}: {check.Measured}");
                allPassed &= check.Passed;
            }
        }

        Console.WriteLine();
        Console.WriteLine(allPassed ? $"all checks passed; wrote {written.Count} models to {outDir}" : "FAILED: a model is below its expected quality (see [FAIL] above)");
        return allPassed ? 0 : 1;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rollouts.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
