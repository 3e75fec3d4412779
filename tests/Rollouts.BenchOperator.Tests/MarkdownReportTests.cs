namespace Rollouts.BenchOperator.Tests;

public sealed class MarkdownReportTests
{
    [Fact]
    public void A_rendered_document_loads_back_every_run_with_its_figures()
    {
        var before = Run("before", 1000, 260.4, new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero));
        var big = Run("before", 10000, null, new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.Zero)) with { Notes = ["cold start: only 4000/10000 observed"] };

        var md = MarkdownReport.Render([before, big]);
        var loaded = MarkdownReport.Load(md);

        loaded.Count.ShouldBe(2);
        loaded[0].Cold!.AllObservedSeconds.ShouldBe(260.4);
        loaded[0].AtRest!.OperatorRequests.Counts["PATCH services"].ShouldBe(2000);
        loaded[0].AtRest!.OperatorRequests.WritesPerMinute.ShouldBe(1000, tolerance: 1e-9);
        loaded[0].OperatorArgs.ShouldBe(["--qps", "50", "--note=a-->b"]); // "-->" in the data does not end the comment
        loaded[1].Notes.ShouldBe(["cold start: only 4000/10000 observed"]);
        md.ShouldContain("| before, N=1,000 (commit abc123, 2026-12-01) | before, N=10,000 (commit abc123, 2026-12-01) |");
        md.ShouldContain("| cold start: all observed (s; observedGeneration == generation) | ≤ 120 at 1,000 |  | 260.4 | – |");
        md.ShouldContain(Figures.ArgoMemory);
    }

    [Fact]
    public void Hand_written_observations_survive_a_rewrite_and_a_document_without_them_gets_a_placeholder()
    {
        var run = Run("before", 1000, 260, new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero));
        var first = MarkdownReport.Render([run]);
        MarkdownReport.Observations(first)!.ShouldStartWith("(none yet");

        var edited = first.Replace(MarkdownReport.Observations(first)!, "- writes at rest are bounded by the 2 workers\n- second line", StringComparison.Ordinal);
        var again = MarkdownReport.Render(MarkdownReport.Load(edited), MarkdownReport.Observations(edited));

        MarkdownReport.Observations(again).ShouldBe("- writes at rest are bounded by the 2 workers\n- second line");
        MarkdownReport.Observations("# no markers").ShouldBeNull();
    }

    [Fact]
    public void Merge_replaces_a_run_of_the_same_label_and_n_and_keeps_the_others_oldest_first()
    {
        var t = new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);
        var runs = new[] { Run("before", 1000, 1, t), Run("before", 100, 2, t.AddMinutes(1)), Run("after", 1000, 3, t.AddMinutes(2)) };

        var merged = MarkdownReport.Merge(runs, Run("before", 1000, 4, t.AddMinutes(3)));

        merged.Select(r => (r.Label, r.Count, r.Cold!.AllObservedSeconds)).ShouldBe([("before", 100, (double?)2), ("after", 1000, 3), ("before", 1000, 4)]);
    }

    private static BenchResult Run(string label, int n, double? cold, DateTimeOffset at) => new()
    {
        Label = label,
        Count = n,
        Namespaces = 4,
        StartedAt = at,
        Machine = new MachineInfo("AMD EPYC", 2, 24L << 30, "1.00 2.00 3.00", "2.00 2.00 3.00"),
        OperatorCommit = "abc123",
        OperatorArgs = ["--qps", "50", "--note=a-->b"],
        Gc = "server",
        Cold = new BenchResult.ColdStart(cold, 100, n, 2.5, 200L << 20, new Dictionary<string, double?> { ["operator"] = 90.5 }, Counts(0, 60)),
        AtRest = new BenchResult.Rest(120, 150L << 20, 160L << 20, 155L << 20, 236L << 20,
            new Dictionary<string, double?> { ["operator"] = 8.5, ["etcd"] = null }, Counts(2000, 120), Counts(2100, 120)),
    };

    private static RequestCounts Counts(long patches, double seconds) =>
        new(new Dictionary<string, long> { ["PATCH services"] = patches, ["GET modeldeployments"] = 10 }, seconds);
}
