namespace Rollouts.Operator.Rollouts;

/// <summary>Settings of <see cref="ModelDeploymentReconciler"/>.</summary>
/// <param name="ServingImage">Image used when spec.serving.image is empty.</param>
/// <param name="WatchAllNamespaces">True: informers span all namespaces; false: one informer per watched namespace.</param>
/// <param name="FieldManager">Field manager of every write.</param>
public sealed record ReconcilerSettings(string ServingImage, bool WatchAllNamespaces = true, string FieldManager = Host.FieldManagers.Operator);
