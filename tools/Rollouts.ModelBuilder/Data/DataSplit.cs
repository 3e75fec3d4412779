namespace Rollouts.ModelBuilder.Data;

/// <summary>A training set and a held-out set that share no rows.</summary>
/// <param name="Train">Rows the learners see.</param>
/// <param name="HeldOut">Rows used only to measure accuracy.</param>
public sealed record DataSplit(IReadOnlyList<IrisSample> Train, IReadOnlyList<IrisSample> HeldOut)
{
    /// <summary>
    /// Stratified, seeded split: within each class (in file order) the rows are shuffled with Fisher–Yates driven by
    /// <c>new Random(seed)</c> (a stable algorithm for a given seed) and the first round(fraction × count) go to training.
    /// </summary>
    public static DataSplit Stratified(IReadOnlyList<IrisSample> samples, double trainFraction, int seed)
    {
        var random = new Random(seed);
        var train = new List<IrisSample>();
        var heldOut = new List<IrisSample>();
        foreach (var group in samples.GroupBy(s => s.Label).OrderBy(g => g.Key))
        {
            IrisSample[] rows = group.ToArray();
            for (int i = rows.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (rows[i], rows[j]) = (rows[j], rows[i]);
            }

            int trainCount = (int)Math.Round(trainFraction * rows.Length, MidpointRounding.AwayFromZero);
            train.AddRange(rows.Take(trainCount));
            heldOut.AddRange(rows.Skip(trainCount));
        }

        return new DataSplit(train, heldOut);
    }
}
