using Rollouts.LocalCluster.Processes;

namespace Rollouts.LocalCluster.Agent;

/// <summary>The agent's mutable record of one pod it runs (one container).</summary>
internal sealed class PodRuntime
{
    public required string Uid { get; init; }

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Ip { get; init; }

    public required string ContainerName { get; init; }

    public required string Image { get; init; }

    public required bool Runnable { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public ChildProcess? Process { get; set; }

    public DateTimeOffset? RunningSince { get; set; }

    public int RestartCount { get; set; }

    public bool EverStarted { get; set; }

    public DateTimeOffset? BackoffUntil { get; set; }

    public (int ExitCode, DateTimeOffset FinishedAt, DateTimeOffset StartedAt)? LastTermination { get; set; }

    public bool Ready { get; set; }

    public DateTimeOffset ReadySince { get; set; }

    public DateTimeOffset NextProbeAt { get; set; }

    public string? LastWrittenStatus { get; set; }

    /// <summary>Why the container cannot start yet (a required ConfigMap is missing); null when it can.</summary>
    public string? MountFailure { get; set; }

    /// <summary>mountPath → local directory of the pod's configMap volumes, from the last volume sync.</summary>
    public IReadOnlyDictionary<string, string> MountPaths { get; set; } = new Dictionary<string, string>();

    /// <summary>The stop of a deleted pod's process (SIGTERM, SIGKILL after the grace period), once begun.</summary>
    public Task? Termination { get; set; }
}
