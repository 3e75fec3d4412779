using System.Text.Json.Serialization;

namespace Rollouts.Api.Strategy;

/// <summary>Blue-green: the new revision runs beside the active one behind the preview Service, then the active Service switches.</summary>
public sealed record BlueGreenStrategy
{
    /// <summary>Replicas of the preview while it is only previewed (default 1); it is scaled to full size before the switch.</summary>
    [JsonPropertyName("previewReplicas")] public int? PreviewReplicas { get; init; }

    /// <summary>Seconds after the preview is ready (and pre-promotion analysis passed) before switching automatically; absent: wait for promote.</summary>
    [JsonPropertyName("autoPromotionSeconds")] public int? AutoPromotionSeconds { get; init; }

    /// <summary>Seconds the previous revision stays at full size after the switch (default 30), so switching back is instant.</summary>
    [JsonPropertyName("scaleDownDelaySeconds")] public int? ScaleDownDelaySeconds { get; init; }

    /// <summary>Run spec.analysis against the preview before switching (default false).</summary>
    [JsonPropertyName("prePromotionAnalysis")] public bool? PrePromotionAnalysis { get; init; }

    /// <summary>Run spec.analysis against the new active revision after switching; failure switches back (default false).</summary>
    [JsonPropertyName("postPromotionAnalysis")] public bool? PostPromotionAnalysis { get; init; }
}
