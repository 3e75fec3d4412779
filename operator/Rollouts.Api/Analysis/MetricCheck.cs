namespace Rollouts.Api.Analysis;

/// <summary>
/// A custom PromQL check. The query may use the template variables {{namespace}}, {{name}}, {{model}}, {{version}},
/// {{stableVersion}}, {{revision}}, {{stableRevision}} and {{window}}, written inside double quotes (they are substituted as escaped PromQL string
/// contents; {{window}} may also stand bare in a range selector, as a duration); any other {{...}} is invalid.
/// The query must return one value (a scalar or a one-series vector). Failed when it is below
/// <see cref="Min"/> or above <see cref="Max"/>; at least one of them is required.
/// </summary>
public sealed record MetricCheck
{
    /// <summary>Check name, unique within the analysis: lowercase letters, digits and '-', at most 63 characters.</summary>
    public string Name { get; init; } = "";

    /// <summary>The PromQL instant query (template), at most 4096 characters.</summary>
    public string Query { get; init; } = "";

    /// <summary>Lowest acceptable value, or null for none.</summary>
    public double? Min { get; init; }

    /// <summary>Highest acceptable value, or null for none.</summary>
    public double? Max { get; init; }
}
