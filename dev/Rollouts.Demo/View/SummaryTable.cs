using System.Globalization;
using System.Text;
using Rollouts.Demo.Scenarios;

namespace Rollouts.Demo.View;

/// <summary>
/// The table the demo ends with: scenario, expected and actual outcome, the measured value of the check the scenario
/// reports (and, for a shadow, the user requests the new version answered), rollback reaction time, total time.
/// </summary>
public static class SummaryTable
{
    /// <summary>The table as text (setup steps omitted).</summary>
    public static string Format(IReadOnlyList<ScenarioResult> results)
    {
        string[] header = ["#", "scenario", "expected", "actual", "measured", "failing measurement -> canary traffic 0", "rollout time", ""];
        var rows = results.Where(r => !r.Scenario.Setup).Select(r => new[]
        {
            r.Scenario.Id,
            r.Scenario.Title,
            r.Scenario.ExpectedText,
            r.ActualText,
            r.MeasuredText,
            r.RollbackTraffic is { } t ? $"{t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s" : "-",
            Seconds(r.RolloutTime),
            r.AsExpected ? "OK" : "MISMATCH",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        void Line(string[] cells) => sb.AppendLine(string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        Line(header);
        sb.AppendLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Line(row);
        }

        return sb.ToString();
    }

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
}
