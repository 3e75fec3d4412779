using System.Globalization;

namespace Rollouts.ModelBuilder.Data;

/// <summary>Reads the Iris CSV (samples/data/iris.csv) and names its columns and classes.</summary>
public static class IrisDataSet
{
    /// <summary>Feature names in input-column order.</summary>
    public static readonly IReadOnlyList<string> FeatureNames = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    /// <summary>Species in class-index order (the models' "label" output values).</summary>
    public static readonly IReadOnlyList<string> ClassNames = ["setosa", "versicolor", "virginica"];

    /// <summary>Index of petal_length in the input row.</summary>
    public const int PetalLength = 2;

    /// <summary>Index of petal_width in the input row.</summary>
    public const int PetalWidth = 3;

    /// <summary>
    /// Loads the CSV: header <c>sepal_length,sepal_width,petal_length,petal_width,species</c>, one flower per line,
    /// species as a name from <see cref="ClassNames"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A wrong header, a malformed line (with its line number) or no rows.</exception>
    public static IReadOnlyList<IrisSample> Load(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string expectedHeader = string.Join(",", FeatureNames) + ",species";
        if (lines.Length == 0 || lines[0].Trim() != expectedHeader)
        {
            throw new InvalidDataException($"{path}: expected header '{expectedHeader}'.");
        }

        var samples = new List<IrisSample>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length > 0)
            {
                samples.Add(ParseLine(path, i + 1, lines[i]));
            }
        }

        return samples.Count > 0 ? samples : throw new InvalidDataException($"{path}: no data rows.");
    }

    private static IrisSample ParseLine(string path, int lineNumber, string line)
    {
        string[] cells = line.Split(',');
        if (cells.Length != FeatureNames.Count + 1)
        {
            throw new InvalidDataException($"{path}:{lineNumber}: expected {FeatureNames.Count + 1} cells, got {cells.Length}.");
        }

        var features = new double[FeatureNames.Count];
        for (int f = 0; f < features.Length; f++)
        {
            if (!double.TryParse(cells[f], NumberStyles.Float, CultureInfo.InvariantCulture, out features[f]) || !double.IsFinite(features[f]))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: '{cells[f]}' is not a number ({FeatureNames[f]}).");
            }
        }

        int label = ClassNames.ToList().IndexOf(cells[^1].Trim());
        return label >= 0
            ? new IrisSample(features, label)
            : throw new InvalidDataException($"{path}:{lineNumber}: unknown species '{cells[^1]}' (expected one of {string.Join(", ", ClassNames)}).");
    }
}
