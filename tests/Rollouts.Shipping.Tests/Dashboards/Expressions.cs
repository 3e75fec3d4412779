using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rollouts.Shipping.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Dashboards;

/// <summary>The PromQL the project ships: the Grafana dashboard's targets and variables, and the PrometheusRule's alerts.</summary>
public static partial class Expressions
{
    /// <summary>charts/dashboards/model-rollouts.json.</summary>
    public static JsonObject Dashboard => JsonNode.Parse(File.ReadAllText(RepositoryPaths.InRepo("charts/dashboards/model-rollouts.json")))!.AsObject();

    /// <summary>(where, expr) of every panel target.</summary>
    public static IReadOnlyList<(string Where, string Expr)> DashboardTargets =>
        Dashboard["panels"]!.AsArray()
            .SelectMany(p => p!["targets"]?.AsArray().Select(t => ($"panel '{(string)p["title"]!}' {(string)t!["refId"]!}", (string)t["expr"]!)) ?? [])
            .ToList();

    /// <summary>(where, query) of every query variable (Grafana's label_values()).</summary>
    public static IReadOnlyList<(string Where, string Expr)> DashboardVariables =>
        Dashboard["templating"]!["list"]!.AsArray()
            .Where(v => (string)v!["type"]! == "query")
            .Select(v => ($"variable {(string)v!["name"]!}", (string)v["query"]!["query"]!))
            .ToList();

    /// <summary>(alert, expr) of every rule in the chart's PrometheusRule template.</summary>
    public static IReadOnlyList<(string Where, string Expr)> AlertRules
    {
        get
        {
            var text = File.ReadAllText(ChartFiles.InChart("templates/prometheusrule.yaml"));
            return AlertAndExpr().Matches(text).Select(m => ($"alert {m.Groups[1].Value}", m.Groups[2].Value.Trim())).ToList();
        }
    }

    [GeneratedRegex(@"- alert: (\w+)\s*\n\s*expr: ([^\n]+)")]
    private static partial Regex AlertAndExpr();
}
