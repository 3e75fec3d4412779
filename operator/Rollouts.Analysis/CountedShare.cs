namespace Rollouts.Analysis;

/// <summary>
/// How a share check (agreement, accuracy) is counted: the query giving the number of events behind the share, and
/// how many are needed before the share is judged at all (fewer is Inconclusive, never a verdict).
/// </summary>
/// <param name="CountQuery">The resolved query of the count within the window (comparisons, labels).</param>
/// <param name="MinCount">Events needed for a verdict (at least 1).</param>
/// <param name="Unit">What is counted, in messages: <c>comparisons</c>, <c>labels</c>.</param>
/// <param name="MinName">The spec field of <paramref name="MinCount"/>, in messages: <c>minComparisons</c>, <c>minLabels</c>.</param>
public sealed record CountedShare(string CountQuery, double MinCount, string Unit, string MinName);
