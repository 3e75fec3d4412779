using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rollouts.Kubectl.Rendering;

/// <summary>Small formatting helpers shared by the views (kubectl conventions: ages like 5s, 3m, 2h, 4d; "-" for none).</summary>
internal static class Format
{
    /// <summary>kubectl-style age of <paramref name="time"/> at <paramref name="now"/>; "-" when unknown.</summary>
    public static string Age(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is null)
        {
            return "-";
        }

        var d = now - time.Value;
        if (d < TimeSpan.Zero)
        {
            d = TimeSpan.Zero;
        }

        return d.TotalSeconds < 120 ? $"{(int)d.TotalSeconds}s"
            : d.TotalMinutes < 120 ? $"{(int)d.TotalMinutes}m"
            : d.TotalHours < 48 ? $"{(int)d.TotalHours}h"
            : $"{(int)d.TotalDays}d";
    }

    /// <summary>kubectl-style age of a Kubernetes time (UTC, as KubernetesClient's models carry it); "-" when unknown.</summary>
    public static string Age(DateTime? time, DateTimeOffset now) =>
        Age(time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null, now);

    /// <summary>The value or "-".</summary>
    public static string OrDash(string? s) => string.IsNullOrEmpty(s) ? "-" : s;

    /// <summary>The value or "-".</summary>
    public static string OrDash(int? n) => n is null ? "-" : n.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A measured value for display: up to 4 significant decimals, "-" when none.</summary>
    public static string Value(double? v) => v is null ? "-" : double.IsNaN(v.Value) ? "NaN" : v.Value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Plain text for a table cell (never parsed as Spectre markup).</summary>
    public static IRenderable Cell(string text) => new Text(text);

    /// <summary>A borderless table with the given column headers, the shape of kubectl's tables.</summary>
    public static Table Table(params string[] headers)
    {
        var table = new Table().NoBorder().HideRowSeparators();
        foreach (var h in headers)
        {
            table.AddColumn(new TableColumn(new Text(h)) { Padding = new Padding(0, 0, 3, 0) });
        }

        return table;
    }

    /// <summary>Adds a row of plain-text cells.</summary>
    public static void Row(this Table table, params string[] cells) => table.AddRow(cells.Select(Cell).ToArray());
}
