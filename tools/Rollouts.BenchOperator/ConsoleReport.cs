namespace Rollouts.BenchOperator;

/// <summary>The run's figures as a plain-text table, then its request breakdowns and notes.</summary>
public static class ConsoleReport
{
    /// <summary>Writes the table for <paramref name="r"/> to <paramref name="w"/>.</summary>
    public static void Write(BenchResult r, TextWriter w)
    {
        w.WriteLine();
        w.WriteLine($"operator benchmark: N={r.Count} ({r.Namespaces} namespaces), operator {r.OperatorCommit} ({r.Gc} GC{(r.Runtime.Length == 0 ? "" : "; " + r.Runtime)}), {r.StartedAt:yyyy-MM-dd HH:mm} UTC");
        w.WriteLine($"machine: {r.Machine.Cpu}, {r.Machine.Cores} cores, {Figures.Mib(r.Machine.MemoryBytes)} MiB; load before {r.Machine.LoadBefore}, after {r.Machine.LoadAfter}");
        var width = Figures.All.Max(f => f.Name.Length);
        var vwidth = Math.Max(8, Figures.All.Max(f => f.Value(r).Length));
        w.WriteLine($"{"figure".PadRight(width)}  {"value".PadLeft(vwidth)}  goal (issue 11)");
        foreach (var f in Figures.All)
        {
            w.WriteLine($"{f.Name.PadRight(width)}  {f.Value(r).PadLeft(vwidth)}  {f.Goal}");
        }

        w.WriteLine();
        foreach (var (title, counts) in Breakdowns(r))
        {
            w.WriteLine($"{title}: {counts.Summary()}");
        }

        foreach (var n in r.Notes)
        {
            w.WriteLine("note: " + n);
        }
    }

    /// <summary>The request breakdowns of a run, titled.</summary>
    public static IEnumerable<(string Title, RequestCounts Counts)> Breakdowns(BenchResult r)
    {
        if (r.Cold is { } c)
        {
            yield return ("operator requests, cold start", c.OperatorRequests);
        }

        if (r.AtRest is { } a)
        {
            yield return ($"operator requests at rest ({a.WindowSeconds:F0} s)", a.OperatorRequests);
            yield return ($"all clients' requests at rest ({a.WindowSeconds:F0} s, apiserver_request_total)", a.AllRequests);
        }

        if (r.Restarted is { } x)
        {
            yield return ("operator requests, restart until all observed", x.OperatorRequests);
        }

        if (r.Edit is { } e)
        {
            yield return ("operator requests, mass edit", e.OperatorRequests);
        }

        if (r.Rollout?.OperatorRequests is { } m)
        {
            yield return ("operator requests, mass rollout", m);
        }
    }
}
