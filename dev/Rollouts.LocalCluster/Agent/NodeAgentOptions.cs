namespace Rollouts.LocalCluster.Agent;

/// <summary>Settings of the <see cref="NodeAgent"/>.</summary>
public sealed record NodeAgentOptions
{
    /// <summary>Name of the Node the agent registers and binds pods to.</summary>
    public string NodeName { get; init; } = "local-node";

    /// <summary>Namespace whose pods the agent runs; null = every namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// Glob (<c>*</c> and <c>?</c>) over container images the agent can run as the serving process, e.g.
    /// <c>*model-rollouts*serving*</c>. Pods with any other image are reported as ErrImagePull / ImagePullBackOff.
    /// </summary>
    public string ServingImagePattern { get; init; } = "*model-rollouts*serving*";

    /// <summary>Path of <c>Rollouts.Serving.dll</c>, run with <c>dotnet</c>.</summary>
    public required string ServingAssembly { get; init; }

    /// <summary>The first three octets of the pod addresses, e.g. <c>127.0.1</c> (Linux routes all of 127/8 to lo).</summary>
    public string AddressPrefix { get; init; } = "127.0.1";

    /// <summary>Folder for the serving processes' logs (one file per pod).</summary>
    public required string LogDirectory { get; init; }

    /// <summary>Folder of the pods' configMap volumes (<c>{folder}/{pod uid}/{volume}</c>); null = <c>volumes</c> next to <see cref="LogDirectory"/>.</summary>
    public string? VolumeDirectory { get; init; }

    /// <summary>
    /// Whether serving processes get <c>HTTP_PROXY</c> pointing at the agent's <see cref="ServiceProxy"/> (Service
    /// names resolved to Ready endpoints) and <c>NO_PROXY=localhost,127.0.0.1</c>.
    /// </summary>
    public bool ServiceProxy { get; init; } = true;

    /// <summary>file_sd JSON the agent keeps current with the scrape targets of its running pods; null = none.</summary>
    public string? TargetsFile { get; init; }

    /// <summary>How often pods are listed and synced.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Upper bound of the probe period (a probe's periodSeconds is used when shorter).</summary>
    public TimeSpan ProbePeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First restart back-off after a container exits (doubles per restart, as the kubelet's does).</summary>
    public TimeSpan RestartBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most restart back-off.</summary>
    public TimeSpan MaxRestartBackoff { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Extra environment for every serving process (e.g. ORT_LIBRARY_PATH, DOTNET_gcServer=0).</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();
}
