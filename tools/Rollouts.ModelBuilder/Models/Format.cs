using System.Globalization;

namespace Rollouts.ModelBuilder.Models;

/// <summary>Culture-invariant number formatting for reports.</summary>
public static class Format
{
    /// <summary>Four decimals, invariant culture (e.g. "0.9556").</summary>
    public static string Number(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>A percentage with one decimal (e.g. "30.7%").</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
