using System.Globalization;

namespace Rollouts.LocalCluster.Traffic;

/// <summary>
/// The Iris feature rows (sepal_length, sepal_width, petal_length, petal_width in cm) read from a CSV with a header
/// (<c>samples/data/iris.csv</c>); the species column is ignored.
/// </summary>
public sealed class IrisRows
{
    private IrisRows(IReadOnlyList<float[]> rows) => Rows = rows;

    /// <summary>The rows, four features each.</summary>
    public IReadOnlyList<float[]> Rows { get; }

    /// <summary>Parses CSV text.</summary>
    /// <exception cref="FormatException">A data line has fewer than four numeric fields (message names the line).</exception>
    public static IrisRows Parse(string csv)
    {
        var rows = new List<float[]>();
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
        }

        return rows.Count == 0 ? throw new FormatException("iris csv: no data rows") : new IrisRows(rows);
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
