using System.Text;
using Rollouts.Shipping.Tests.Support;

namespace Rollouts.Shipping.Tests.Dashboards;

/// <summary>The dashboard and the alerts query only what the project exports, in valid PromQL.</summary>
public sealed class DashboardTests
{
    /// <summary>Series Prometheus itself adds to every scrape target.</summary>
    private static readonly HashSet<string> PrometheusBuiltIns = ["up"];

    public static TheoryData<string, string> AllExpressions()
    {
        var data = new TheoryData<string, string>();
        foreach (var (where, expr) in Expressions.DashboardTargets.Concat(Expressions.DashboardVariables).Concat(Expressions.AlertRules))
        {
            data.Add(where, expr);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllExpressions))]
    public void Expression_names_only_exported_metrics(string where, string expr)
    {
        var names = PromQlNames.Of(expr);
        names.ShouldNotBeEmpty($"{where}: no metric found in {expr}");
        var unknown = names.Where(n => !ExportedMetrics.Names.Contains(n) && !PrometheusBuiltIns.Contains(n)).ToList();
        unknown.ShouldBeEmpty($"{where} uses metrics no code registers: {string.Join(", ", unknown)}");
    }

    [Fact]
    public async Task Every_expression_parses_with_promtool()
    {
        var rules = new StringBuilder("groups:\n  - name: shipped\n    rules:\n");
        var i = 0;
        foreach (var (_, expr) in Expressions.DashboardTargets.Concat(Expressions.AlertRules))
        {
            rules.Append("      - record: shipped:expr").Append(i++).Append('\n')
                 .Append("        expr: '").Append(PromQlNames.ForPromtool(expr).Replace("'", "''", StringComparison.Ordinal)).Append("'\n");
        }

        var file = Path.Combine(Path.GetTempPath(), $"shipped-rules-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, rules.ToString());
        try
        {
            var r = await ProcessRunner.RunAsync("promtool", ["check", "rules", file], TimeSpan.FromMinutes(1));
            r.ExitCode.ShouldBe(0, r.StandardOutput + r.StandardError);
            r.StandardOutput.ShouldContain($"SUCCESS: {i} rules found");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("model_inference_requests_total")]
    [InlineData("model_inference_request_duration_seconds_bucket")]
    [InlineData("model_inference_batch_size_bucket")]
    [InlineData("model_feature_drift_psi")]
    [InlineData("model_prediction_drift_psi")]
    [InlineData("rollouts_phase")]
    [InlineData("rollouts_canary_weight")]
    [InlineData("rollouts_rollbacks_total")]
    [InlineData("rollouts_analysis_measurements_total")]
    public void Dashboard_shows(string metric)
    {
        Expressions.DashboardTargets.ShouldContain(t => PromQlNames.Of(t.Expr).Contains(metric));
    }

    [Fact]
    public void Latency_panel_shows_p50_and_p99_from_the_histogram()
    {
        var exprs = Expressions.DashboardTargets.Select(t => t.Expr).ToList();
        exprs.ShouldContain(e => e.StartsWith("histogram_quantile(0.5, ", StringComparison.Ordinal) && e.Contains("model_inference_request_duration_seconds_bucket", StringComparison.Ordinal));
        exprs.ShouldContain(e => e.StartsWith("histogram_quantile(0.99, ", StringComparison.Ordinal) && e.Contains("model_inference_request_duration_seconds_bucket", StringComparison.Ordinal));
    }

    [Fact]
    public void Panels_have_unique_ids_and_use_the_datasource_variable()
    {
        var panels = Expressions.Dashboard["panels"]!.AsArray();
        panels.Select(p => (int)p!["id"]!).ShouldBeUnique();
        foreach (var p in panels.Where(p => (string)p!["type"]! != "row"))
        {
            ((string)p!["datasource"]!["uid"]!).ShouldBe("${datasource}", (string)p["title"]!);
        }
    }

    [Fact]
    public void Alerts_cover_rollback_stuck_rollout_and_erroring_analysis()
    {
        Expressions.AlertRules.Select(a => a.Where).ShouldBe(
            ["alert ModelRolloutRolledBack", "alert ModelRolloutStuck", "alert ModelRolloutAnalysisErroring", "alert ModelRolloutOperatorDown"]);
    }
}
