namespace Rollouts.Kube;

/// <summary>Server-side apply parameters.</summary>
/// <param name="FieldManager">The manager that owns the applied fields, e.g. <c>model-rollouts</c>.</param>
/// <param name="Force">Take ownership of fields owned by other managers instead of failing with Conflict.</param>
public sealed record ApplyOptions(string FieldManager, bool Force = false);
