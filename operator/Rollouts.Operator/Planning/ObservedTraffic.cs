namespace Rollouts.Operator.Planning;

/// <summary>Where traffic goes now, as read back from the router and the Services.</summary>
/// <param name="CanaryWeight">Canary (blue-green: preview) weight verified on the router, null when unknown or no route exists yet.</param>
/// <param name="ActiveRevision">Blue-green: the revision the active Service selects, null when it does not exist.</param>
public sealed record ObservedTraffic(int? CanaryWeight, string? ActiveRevision)
{
    /// <summary>Nothing observed.</summary>
    public static ObservedTraffic None { get; } = new(null, null);
}
