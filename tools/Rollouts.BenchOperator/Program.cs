namespace Rollouts.BenchOperator;

/// <summary>Entry point of the operator benchmark (options: <see cref="BenchOptions.Usage"/>).</summary>
public static class Program
{
    /// <summary>
    /// Runs the benchmark, prints the table and, unless <c>--no-doc</c>, rewrites the document with this run added.
    /// Exit codes: 0 every phase measured, 1 a phase did not finish (the figures it had are still written), 2 bad
    /// arguments, 130 interrupted.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        var (options, error) = BenchOptions.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
            return 2;
        }

        var repo = options.Repo is { } r ? Path.GetFullPath(r) : FindRepository(Directory.GetCurrentDirectory());
        if (repo is null)
        {
            await Console.Error.WriteLineAsync("cannot find the repository (no Rollouts.sln above the current folder); pass --repo DIR").ConfigureAwait(false);
            return 2;
        }

        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        BenchResult result;
        try
        {
            result = await new BenchRun(options, repo, TimeProvider.System, Console.Out).RunAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("bench-operator: interrupted; the control plane and the operator were stopped").ConfigureAwait(false);
            return 130;
        }

        ConsoleReport.Write(result, Console.Out);
        if (options.Doc is { } doc)
        {
            var path = Path.Combine(repo, doc);
            var runs = File.Exists(path) ? MarkdownReport.Load(await File.ReadAllTextAsync(path).ConfigureAwait(false)) : [];
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, MarkdownReport.Render(MarkdownReport.Merge(runs, result))).ConfigureAwait(false);
            Console.WriteLine($"wrote {doc}");
        }

        return result.Notes.Count == 0 ? 0 : 1;
    }

    private static string? FindRepository(string from)
    {
        for (var d = new DirectoryInfo(from); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Rollouts.sln")))
            {
                return d.FullName;
            }
        }

        return null;
    }
}
