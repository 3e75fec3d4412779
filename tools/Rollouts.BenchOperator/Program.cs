namespace Rollouts.BenchOperator;

/// <summary>Entry point of the operator benchmark (options: <see cref="BenchOptions.Command"/>, <c>--help</c>).</summary>
public static class Program
{
    /// <summary>
    /// Runs the benchmark, prints the table and, unless <c>--no-doc</c>, rewrites the document with this run added
    /// (<c>--render</c>: only rewrites it from the runs it stores). Exit codes: 0 every phase measured, 1 a phase did
    /// not finish (the figures it had are still written), 2 bad arguments, 130 interrupted.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        var parsed = BenchOptions.Command.Parse(args);
        if (parsed.Errors.Count == 0 && parsed.Action is not null)
        {
            return parsed.Invoke(); // --help or --version
        }

        var (options, error) = BenchCommandLine.Read(parsed);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
            return 2;
        }

        var repo = options.Repo is { } r ? Path.GetFullPath(r) : Rollouts.LocalCluster.Orchestration.RepositoryRoot.FindAbove(Directory.GetCurrentDirectory());
        if (repo is null)
        {
            await Console.Error.WriteLineAsync("cannot find the repository (no Rollouts.sln above the current folder); pass --repo DIR").ConfigureAwait(false);
            return 2;
        }

        if (options.RenderOnly)
        {
            return await WriteDocAsync(repo, options.Doc, null).ConfigureAwait(false);
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
        var written = await WriteDocAsync(repo, options.Doc, result).ConfigureAwait(false);
        return result.Notes.Count == 0 ? written : 1;
    }

    // Rewrites the document (relative to the repository) from the runs stored in it, plus `run` when given.
    private static async Task<int> WriteDocAsync(string repo, string? doc, BenchResult? run)
    {
        if (doc is null)
        {
            return 0;
        }

        var path = Path.Combine(repo, doc);
        var old = File.Exists(path) ? await File.ReadAllTextAsync(path).ConfigureAwait(false) : "";
        var runs = MarkdownReport.Load(old);
        if (run is null && runs.Count == 0)
        {
            await Console.Error.WriteLineAsync($"{doc} holds no stored run to render").ConfigureAwait(false);
            return 1;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = MarkdownReport.Render(run is null ? runs : MarkdownReport.Merge(runs, run), MarkdownReport.Observations(old));
        await File.WriteAllTextAsync(path, text).ConfigureAwait(false);
        Console.WriteLine($"wrote {doc}");
        return 0;
    }
}
