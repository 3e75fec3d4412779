namespace Rollouts.ModelBuilder.Models;

/// <summary>One self-check of a built model, e.g. "held-out accuracy ≥ 0.90".</summary>
/// <param name="Description">What is required, with the threshold.</param>
/// <param name="Measured">The measured value, formatted.</param>
/// <param name="Passed">Whether the requirement holds.</param>
public sealed record ModelCheck(string Description, string Measured, bool Passed)
{
    /// <summary>A "value ≥ floor" check.</summary>
    public static ModelCheck AtLeast(string what, double value, double floor) =>
        new($"{what} >= {Format.Number(floor)}", Format.Number(value), value >= floor);
}
