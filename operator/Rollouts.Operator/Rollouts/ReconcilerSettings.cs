namespace Rollouts.Operator.Rollouts;

/// <summary>Settings of <see cref="ModelDeploymentReconciler"/> (the field manager of its writes is the client's).</summary>
/// <param name="ServingImage">Image used when spec.serving.image is empty.</param>
/// <param name="WatchAllNamespaces">True: informers span all namespaces; false: one informer per watched namespace.</param>
public sealed record ReconcilerSettings(string ServingImage, bool WatchAllNamespaces = true)
{
    /// <summary>The longest one analysis round may take, off the reconcile workers (default 30 s; the Prometheus client's own retries end sooner).</summary>
    public TimeSpan AnalysisRoundTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most analysis rounds measured at once (default 16).</summary>
    public int AnalysisRoundsInFlight { get; init; } = 16;

    /// <summary>The only model and baseline URI prefixes a spec may use (<c>--allowed-model-uri-prefixes</c>); empty: any URI.</summary>
    public IReadOnlyList<string> AllowedModelUriPrefixes { get; init; } = [];
}
