namespace Rollouts.Operator.Host;

/// <summary>Command-line options of the operator (see <see cref="OperatorCommandLine"/>).</summary>
public sealed record OperatorOptions
{
    /// <summary>Path of a kubeconfig; null: $KUBECONFIG (merged), ~/.kube/config, else the in-cluster service account.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The kubeconfig context to use; null: the current context.</summary>
    public string? Context { get; init; }

    /// <summary>Serving image used when spec.serving.image is empty.</summary>
    public string ServingImage { get; init; } = "ghcr.io/model-rollouts/serving:0.1.0";

    /// <summary>Prometheus base URL used by analysis (e.g. http://prometheus:9090).</summary>
    public string? PrometheusUrl { get; init; }

    /// <summary>Namespaces to watch; empty: all namespaces.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Take a coordination.k8s.io Lease before reconciling (for more than one replica).</summary>
    public bool LeaderElect { get; init; }

    /// <summary>Namespace of the leader-election Lease.</summary>
    public string LeaderElectionNamespace { get; init; } = "default";

    /// <summary>Listen address of /metrics, /healthz and /readyz (ASP.NET URL form).</summary>
    public string MetricsAddress { get; init; } = "http://0.0.0.0:8081";
}
