using System.Text.Json.Serialization;

namespace Rollouts.Api.Serving;

/// <summary>Server batching flags (<c>--max-batch-size</c>, <c>--max-batch-delay-us</c>).</summary>
public sealed record BatchingSpec
{
    /// <summary>Largest batch the server forms (1–4096); absent: the server's default.</summary>
    [JsonPropertyName("maxBatchSize")] public int? MaxBatchSize { get; init; }

    /// <summary>Longest wait for a batch to fill, microseconds (0–1000000); absent: the server's default.</summary>
    [JsonPropertyName("maxDelayMicroseconds")] public int? MaxDelayMicroseconds { get; init; }
}
