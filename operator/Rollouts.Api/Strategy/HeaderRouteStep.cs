using System.Text.Json.Serialization;

namespace Rollouts.Api.Strategy;

/// <summary>
/// A <c>setHeaderRoute</c> step: the operator-owned HTTPRoute sends requests whose header <see cref="Name"/> matches
/// <see cref="Value"/> to the canary (a rule before the weighted one) while the weighted split continues. Without
/// <see cref="Value"/> the step removes the header rule. Gateway API HTTPHeaderMatch names.
/// </summary>
public sealed record HeaderRouteStep
{
    /// <summary>The match types of Gateway API's HTTPHeaderMatch (<see cref="Type"/>).</summary>
    public static readonly IReadOnlyList<string> MatchTypes = ["Exact", "RegularExpression"];

    /// <summary>Header name, e.g. <c>x-user-group</c> (an HTTP token, at most 256 characters).</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>Value to match (at most 4096 characters); null removes the header rule.</summary>
    [JsonPropertyName("value")] public string? Value { get; init; }

    /// <summary><c>Exact</c> (default) or <c>RegularExpression</c>.</summary>
    [JsonPropertyName("type")] public string? Type { get; init; }
}
