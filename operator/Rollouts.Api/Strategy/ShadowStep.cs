using System.Text.Json.Serialization;

namespace Rollouts.Api.Strategy;

/// <summary>
/// A shadow step (<c>shadow: {percent: 10}</c>): from this step until the next <c>setWeight</c> (or the end of the
/// rollout) the canary's weight is 0 and the stable's pods copy <see cref="Percent"/> % of the requests they answered
/// (2xx) to the canary Service and compare the two answers (the <c>&lt;name&gt;-shadow</c> ConfigMap, docs/api.md).
/// Users always get the stable's answer.
/// </summary>
public sealed record ShadowStep
{
    /// <summary>The comparisons the serving side knows (<see cref="Compare"/>).</summary>
    public static readonly IReadOnlyList<string> CompareModes = ["Auto", "Label", "Argmax", "Elementwise"];

    /// <summary>Share of the stable's answered requests copied to the canary, percent 1..100.</summary>
    [JsonPropertyName("percent")] public int Percent { get; init; }

    /// <summary>How the answers are compared: <c>Auto</c> (default), <c>Label</c>, <c>Argmax</c> or <c>Elementwise</c>.</summary>
    [JsonPropertyName("compare")] public string? Compare { get; init; }

    /// <summary>Absolute tolerance of an element-wise float comparison (unitless, default 0.001, not negative).</summary>
    [JsonPropertyName("tolerance")] public double? Tolerance { get; init; }
}
