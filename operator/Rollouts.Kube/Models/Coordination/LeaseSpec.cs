namespace Rollouts.Kube;

/// <summary>coordination.k8s.io/v1 LeaseSpec.</summary>
public sealed class LeaseSpec
{
    /// <summary>Identity of the current holder; null or empty when released.</summary>
    public string? HolderIdentity { get; set; }

    /// <summary>Seconds a candidate must wait after the last observed renewal before taking over.</summary>
    public int? LeaseDurationSeconds { get; set; }

    /// <summary>When the current holder acquired the lease (MicroTime).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    /// <summary>When the holder last renewed (MicroTime).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; set; }

    /// <summary>Number of holder changes.</summary>
    public int? LeaseTransitions { get; set; }
}
