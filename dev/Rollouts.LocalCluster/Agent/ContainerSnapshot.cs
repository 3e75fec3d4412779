namespace Rollouts.LocalCluster.Agent;

/// <summary>What the agent knows of a pod's single container at one moment, turned into pod status by <see cref="PodStatusBuilder"/>.</summary>
public sealed record ContainerSnapshot
{
    /// <summary>Container name.</summary>
    public required string Name { get; init; }

    /// <summary>Image reference.</summary>
    public required string Image { get; init; }

    /// <summary>Running since this time; null when not running.</summary>
    public DateTimeOffset? RunningSince { get; init; }

    /// <summary>Waiting reason when not running, e.g. <c>ContainerCreating</c>, <c>CrashLoopBackOff</c>, <c>ErrImagePull</c>, <c>ImagePullBackOff</c>.</summary>
    public string? WaitingReason { get; init; }

    /// <summary>Waiting message.</summary>
    public string? WaitingMessage { get; init; }

    /// <summary>Restarts so far.</summary>
    public int RestartCount { get; init; }

    /// <summary>Whether the readiness probe passes.</summary>
    public bool Ready { get; init; }

    /// <summary>The last termination: exit code, when, and reason (<c>Error</c>/<c>Completed</c>).</summary>
    public (int ExitCode, DateTimeOffset FinishedAt, DateTimeOffset StartedAt)? LastTermination { get; init; }

    /// <summary>True once the container has been started at least once (the pod is then Running, as with restartPolicy Always).</summary>
    public bool EverStarted { get; init; }
}
