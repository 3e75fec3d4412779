using Rollouts.ModelBuilder.Data;

namespace Rollouts.ModelBuilder.Models;

/// <summary>The data every recipe sees.</summary>
/// <param name="All">The full data set in file order (150 rows).</param>
/// <param name="Split">The fixed stratified train / held-out split.</param>
public sealed record IrisContext(IReadOnlyList<IrisSample> All, DataSplit Split)
{
    /// <summary>Seed of the split.</summary>
    public const int SplitSeed = 42;

    /// <summary>Fraction of each class used for training.</summary>
    public const double TrainFraction = 0.7;

    /// <summary>Loads the CSV and splits it.</summary>
    public static IrisContext Load(string csvPath)
    {
        var all = IrisDataSet.Load(csvPath);
        return new IrisContext(all, DataSplit.Stratified(all, TrainFraction, SplitSeed));
    }
}
