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

    /// <summary>
    /// Sustained requests per second to the API server (<c>--kube-api-qps</c>; the client's token bucket refill).
    /// Default <see cref="DefaultKubeApiQps"/>.
    /// </summary>
    public double KubeApiQps { get; init; } = DefaultKubeApiQps;

    /// <summary>Requests the client may send at once above the sustained rate (<c>--kube-api-burst</c>; the token bucket's size). Default <see cref="DefaultKubeApiBurst"/>.</summary>
    public int KubeApiBurst { get; init; } = DefaultKubeApiBurst;

    /// <summary>ModelDeployments reconciled at once, per controller (<c>--workers</c>). Default <see cref="DefaultWorkers"/>.</summary>
    public int Workers { get; init; } = DefaultWorkers;

    /// <summary>
    /// <c>--allowed-model-uri-prefixes a,b</c> (repeatable): a ModelDeployment whose model or baseline URI starts with
    /// none of them is InvalidSpec. Empty (the default): every URI is allowed.
    /// </summary>
    public IReadOnlyList<string> AllowedModelUriPrefixes { get; init; } = [];

    /// <summary>Where rollout transitions are posted (<c>--notify-webhook-url</c> and the other <c>--notify-…</c> flags); none by default.</summary>
    public global::Rollouts.Notifications.NotificationOptions Notifications { get; init; } = new();

    /// <summary>
    /// Default of <see cref="KubeApiQps"/>: 100 requests/s (Flagger's default; Argo Rollouts ships 40). A first pass
    /// of a new ModelDeployment costs six requests (a Deployment, three Services, the status, an Event), so 1,000 new
    /// ones are about 60 s of requests at this rate (at 50, the whole of issue 11's 120 s goal). On a small API server
    /// the rate is not the bound: its Service creations are (docs/operator-scale.md). A pass that changes nothing costs no request, so the
    /// rate is spent only while there is work. docs/install.md gives the reasoning.
    /// </summary>
    public const double DefaultKubeApiQps = 100;

    /// <summary>Default of <see cref="KubeApiBurst"/>: 200, twice the QPS (client-go's and Argo Rollouts' ratio).</summary>
    public const int DefaultKubeApiBurst = 200;

    /// <summary>
    /// Default of <see cref="Workers"/>: 10 (Argo Rollouts' <c>--rollout-threads</c> default). A pass mostly waits on
    /// the API server (tens to hundreds of ms per request), so ten passes in flight are what keep the QPS in use.
    /// </summary>
    public const int DefaultWorkers = 10;

    /// <summary>Largest accepted <see cref="Workers"/>.</summary>
    public const int MaxWorkers = 1000;
}
