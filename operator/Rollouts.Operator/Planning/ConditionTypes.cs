namespace Rollouts.Operator.Planning;

/// <summary>Condition types of <c>status.conditions</c>.</summary>
public static class ConditionTypes
{
    /// <summary>The stable revision has all its replicas available.</summary>
    public const string Available = "Available";
    /// <summary>A rollout is under way (False with the reason it ended).</summary>
    public const string Progressing = "Progressing";
    /// <summary>The rollout waits for a person or a timer.</summary>
    public const string Paused = "Paused";
    /// <summary>The last rollout was rolled back (reason: why).</summary>
    public const string RolledBack = "RolledBack";
    /// <summary>The spec cannot be used (message: why); terminal until the spec changes.</summary>
    public const string InvalidSpec = "InvalidSpec";
    /// <summary>The API server refused a write of the last pass (reason ApplyFailed or TrafficRoutingFailed, message: the server's); False once a pass wrote everything.</summary>
    public const string ReconcileError = "ReconcileError";
}
