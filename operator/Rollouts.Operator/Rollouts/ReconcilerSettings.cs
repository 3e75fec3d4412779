namespace Rollouts.Operator.Rollouts;

/// <summary>Settings of <see cref="ModelDeploymentReconciler"/> (the field manager of its writes is the client's).</summary>
/// <param name="ServingImage">Image used when spec.serving.image is empty.</param>
/// <param name="WatchAllNamespaces">True: informers span all namespaces; false: one informer per watched namespace.</param>
public sealed record ReconcilerSettings(string ServingImage, bool WatchAllNamespaces = true);
