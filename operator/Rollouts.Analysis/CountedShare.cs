namespace Rollouts.Analysis;

/// <summary>
/// How a share check (agreement, accuracy) is counted: the query giving the number of events behind the share, and
/// how many are needed before the share is judged at all (fewer is Inconclusive, never a verdict).
/// </summary>
/// <param name="CountQuery">The resolved query of the count within the window (comparisons, labels).</param>
/// <param name="MinCount">Events needed for a verdict (at least 1).</param>
/// <param name="Unit">What is counted, in messages: <c>comparisons</c>, <c>labels</c>.</param>
/// <param name="MinName">The spec field of <paramref name="MinCount"/>, in messages: <c>minComparisons</c>, <c>minLabels</c>.</param>
/// <param name="StableCountQuery">
/// The stable's count, when the share is compared with the stable's (<see cref="PlannedCheck.StableQuery"/>) by a
/// one-sided two-proportion z-test instead of against min; both need <paramref name="MinCount"/>. Null: judged against min.
/// </param>
/// <param name="Confidence">Confidence of that test, strictly between 0.5 and 1 (unused without a stable count query).</param>
public sealed record CountedShare(string CountQuery, double MinCount, string Unit, string MinName, string? StableCountQuery = null, double Confidence = 0);
