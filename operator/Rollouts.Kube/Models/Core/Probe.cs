using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 Probe (HTTP GET probes are modelled; exec/tcpSocket kept in <see cref="Extra"/>).</summary>
public sealed class Probe
{
    /// <summary>HTTP GET action.</summary>
    public HttpGetAction? HttpGet { get; set; }

    /// <summary>Seconds after start before the first probe.</summary>
    public int? InitialDelaySeconds { get; set; }

    /// <summary>Seconds between probes.</summary>
    public int? PeriodSeconds { get; set; }

    /// <summary>Seconds before a probe times out.</summary>
    public int? TimeoutSeconds { get; set; }

    /// <summary>Consecutive failures before the probe fails.</summary>
    public int? FailureThreshold { get; set; }

    /// <summary>Consecutive successes before the probe succeeds.</summary>
    public int? SuccessThreshold { get; set; }

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
