namespace Rollouts.Analysis;

/// <summary>
/// One check of a round, resolved: its query and thresholds. The value must be ≥ <paramref name="Min"/> and
/// ≤ <paramref name="Max"/> (either may be null). With compareToStable, <paramref name="StableQuery"/> is the same
/// query for the stable version and <paramref name="Max"/> becomes the stable value + <paramref name="StableTolerance"/>
/// whenever the stable gives a finite value.
/// </summary>
/// <param name="Name">Check name in the status: samples, errorRate, latency, drift, agreement, accuracy, or the custom metric's name.</param>
/// <param name="Kind">The kind of check.</param>
/// <param name="Query">The resolved PromQL query.</param>
/// <param name="Min">Lowest acceptable value, or null.</param>
/// <param name="Max">Highest acceptable value, or null.</param>
/// <param name="StableQuery">Same query for the stable version, or null when not comparing.</param>
/// <param name="StableTolerance">Added to the stable value to give the max.</param>
/// <param name="Counted">For share checks (agreement, accuracy): the count behind the share and its minimum; null otherwise.</param>
/// <param name="NotMeasurable">
/// Why the check cannot be measured for this target (e.g. no stable revision to shadow from): nothing is queried and
/// every measurement is Inconclusive with this reason; null when it can be measured.
/// </param>
public sealed record PlannedCheck(
    string Name, CheckKind Kind, string Query, double? Min, double? Max, string? StableQuery = null, double StableTolerance = 0,
    CountedShare? Counted = null, string? NotMeasurable = null);
