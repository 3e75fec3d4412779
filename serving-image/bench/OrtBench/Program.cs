using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace Rollouts.Serving.Bench;

/// <summary>
/// Measures ONNX Runtime's managed <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// in a loop, batch 1, one real Iris row per call (cycling through samples/data/iris.csv), the input an
/// <see cref="OrtValue"/> over the row's array (no copy), every output copied out: once with one caller thread (intra-op
/// threads 1), once with one caller per core (intra-op threads 1 each).
/// Usage: <c>OrtBench MODEL.onnx IRIS.csv SECONDS</c>. Prints two lines: <c>single &lt;runs/s&gt;</c> and <c>all &lt;runs/s&gt; &lt;threads&gt;</c>.
/// </summary>
public static class Program
{
    /// <summary>Runs the measurement; exit code 2 on bad arguments.</summary>
    public static int Main(string[] args)
    {
        if (args.Length != 3 || !double.TryParse(args[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            Console.Error.WriteLine("usage: OrtBench MODEL.onnx IRIS.csv SECONDS");
            return 2;
        }

        var rows = File.ReadAllLines(args[1]).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Take(4).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        var model = File.ReadAllBytes(args[0]);
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        using var session = new InferenceSession(model, options);
        Measure(session, rows, 1, TimeSpan.FromSeconds(1));
        var single = Measure(session, rows, 1, TimeSpan.FromSeconds(seconds));
        var threads = Environment.ProcessorCount;
        var all = Measure(session, rows, threads, TimeSpan.FromSeconds(seconds));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single {single:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all {all:F0} {threads}"));
        return 0;
    }

    private static double Measure(InferenceSession session, float[][] rows, int threads, TimeSpan duration)
    {
        long total = 0;
        var stopwatch = Stopwatch.StartNew();
        string[] inputNames = [.. session.InputNames];
        string[] outputNames = [.. session.OutputNames];
        long[] shape = [1, 4];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            using var runOptions = new RunOptions();
            long runs = 0;
            var i = t;
            while (stopwatch.Elapsed < duration)
            {
                using var input = OrtValue.CreateTensorValueFromMemory(rows[i % rows.Length], shape);
                using var outputs = session.Run(runOptions, inputNames, [input], outputNames);
                foreach (var output in outputs)
                {
                    // Copy out, as a server must before the values are released.
                    _ = output.GetTensorMutableRawData().ToArray();
                }

                i++;
                runs++;
            }

            Interlocked.Add(ref total, runs);
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return total / stopwatch.Elapsed.TotalSeconds;
    }
}
