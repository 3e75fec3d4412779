using System.Globalization;

namespace Rollouts.LocalCluster.Traffic;

/// <summary>
/// The Iris feature rows (sepal_length, sepal_width, petal_length, petal_width in cm) read from a CSV with a header
/// (<c>samples/data/iris.csv</c>), and each row's true label from the fifth (species) column, numbered as the sample
/// models' <c>label</c> output is: 0 setosa, 1 versicolor, 2 virginica (an <c>Iris-</c> prefix is allowed).
/// </summary>
public sealed class IrisRows
{
    private static readonly string[] Species = ["setosa", "versicolor", "virginica"];

    private IrisRows(IReadOnlyList<float[]> rows, IReadOnlyList<int> labels)
    {
        Rows = rows;
        Labels = labels;
    }

    /// <summary>The rows, four features each.</summary>
    public IReadOnlyList<float[]> Rows { get; }

    /// <summary>The true label of each row (0 setosa, 1 versicolor, 2 virginica); -1 where the species is missing or unknown.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Parses CSV text.</summary>
    /// <exception cref="FormatException">A data line has fewer than four numeric fields (message names the line).</exception>
    public static IrisRows Parse(string csv)
    {
        var rows = new List<float[]>();
        var labels = new List<int>();
        var lines = csv.Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            var row = new float[4];
            for (var f = 0; f < 4; f++)
            {
                if (fields.Length < 4 || !float.TryParse(fields[f], NumberStyles.Float, CultureInfo.InvariantCulture, out row[f]))
                {
                    throw new FormatException($"iris csv line {i + 1}: expected four numbers, got '{line}'");
                }
            }

            rows.Add(row);
            var species = fields.Length > 4 ? fields[4].Trim() : "";
            labels.Add(Array.IndexOf(Species, species.StartsWith("Iris-", StringComparison.Ordinal) ? species[5..] : species));
        }

        return rows.Count == 0 ? throw new FormatException("iris csv: no data rows") : new IrisRows(rows, labels);
    }

    /// <summary>Reads and parses a CSV file.</summary>
    /// <exception cref="FormatException">See <see cref="Parse"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IrisRows Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>
    /// A row with <paramref name="petalOffset"/> cm added to the petal features (indexes 2 and 3) — a covariate shift
    /// the drift checks see; 0 returns the row unchanged (a copy).
    /// </summary>
    public float[] Shifted(int index, float petalOffset)
    {
        var row = (float[])Rows[index].Clone();
        row[2] += petalOffset;
        row[3] += petalOffset;
        return row;
    }
}
