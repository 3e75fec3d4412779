using Rollouts.Analysis.Prometheus;

namespace Rollouts.Analysis;

/// <summary>The answers to one planned check's queries, taken at the same evaluation time.</summary>
/// <param name="Result">The answer to <see cref="PlannedCheck.Query"/>.</param>
/// <param name="Stable">The answer to <see cref="PlannedCheck.StableQuery"/>, or null when there is none.</param>
/// <param name="Count">The answer to <see cref="CountedShare.CountQuery"/>, or null for checks that do not count.</param>
/// <param name="StableCount">The answer to <see cref="CountedShare.StableCountQuery"/>, or null when there is none.</param>
public sealed record CheckResults(QueryResult Result, QueryResult? Stable = null, QueryResult? Count = null, QueryResult? StableCount = null);
