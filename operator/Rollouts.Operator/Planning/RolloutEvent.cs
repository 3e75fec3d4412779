namespace Rollouts.Operator.Planning;

/// <summary>A Kubernetes Event the plan asks to record on the ModelDeployment.</summary>
/// <param name="Warning">True for type Warning, false for Normal.</param>
/// <param name="Reason">A <see cref="RolloutReasons"/> constant.</param>
/// <param name="Message">What happened, in words.</param>
public sealed record RolloutEvent(bool Warning, string Reason, string Message);
