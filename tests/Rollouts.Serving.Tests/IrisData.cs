using System.Globalization;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>Fisher's Iris rows from samples/data/iris.csv, with the class index (0 setosa, 1 versicolor, 2 virginica).</summary>
public static class IrisData
{
    public static IReadOnlyList<(float[] Features, long Label)> Rows()
    {
        var lines = File.ReadAllLines(RepositoryPaths.InRepo("samples/data/iris.csv")).Skip(1).Where(l => l.Length > 0);
        return lines.Select(line =>
        {
            var parts = line.Split(',');
            var features = parts.Take(4).Select(p => float.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            var label = parts[4].Trim().Trim('"') switch
            {
                var s when s.Contains("setosa", StringComparison.OrdinalIgnoreCase) => 0L,
                var s when s.Contains("versicolor", StringComparison.OrdinalIgnoreCase) => 1L,
                _ => 2L,
            };
            return (features, label);
        }).ToList();
    }
}
