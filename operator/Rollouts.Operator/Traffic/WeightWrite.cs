namespace Rollouts.Operator.Traffic;

/// <summary>
/// What <see cref="ITrafficRouter.SetWeightAsync"/> did: whether it wrote the route, and the canary weight (0–100)
/// the API server's answer to that write holds; null when the stored route names neither backend.
/// </summary>
/// <param name="Wrote">True when the route was written.</param>
/// <param name="Weight">The weight as stored (meaningful only when <paramref name="Wrote"/>).</param>
public readonly record struct WeightWrite(bool Wrote, int? Weight)
{
    /// <summary>Nothing written: the route already carried the weight.</summary>
    public static readonly WeightWrite None = new(false, null);

    /// <summary>The result of a write whose answer is <paramref name="stored"/> (null: nothing was written), its weight read by <paramref name="weightOf"/>.</summary>
    public static WeightWrite Of<T>(T? stored, Func<T, int?> weightOf)
        where T : class => stored is null ? None : new WeightWrite(true, weightOf(stored));
}
