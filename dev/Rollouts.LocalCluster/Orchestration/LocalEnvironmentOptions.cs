namespace Rollouts.LocalCluster.Orchestration;

/// <summary>Settings of a <see cref="LocalEnvironment"/>.</summary>
public sealed record LocalEnvironmentOptions
{
    /// <summary>The repository root (holds Rollouts.sln, crds/, dev/).</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Folder for everything the environment writes (control-plane state, Prometheus, logs); recreated on start.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Build configuration of the serving and operator assemblies (Debug or Release).</summary>
    public string Configuration { get; init; } = "Debug";

    /// <summary>Namespace the agent runs pods of (and the operator watches); created on start.</summary>
    public string Namespace { get; init; } = "rollouts-demo";

    /// <summary>The serving image name the operator puts in pods and the agent recognizes.</summary>
    public string ServingImage { get; init; } = "local/model-rollouts-serving:dev";

    /// <summary>Pod addresses: <c>PREFIX.2</c>–<c>PREFIX.254</c>.</summary>
    public string AddressPrefix { get; init; } = "127.0.1";

    /// <summary>Prometheus scrape interval.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Start the operator process (false: the caller runs it, e.g. under a debugger).</summary>
    public bool StartOperator { get; init; } = true;

    /// <summary>Arguments appended to the operator's command line (a flag that takes one value: the later one wins).</summary>
    public IReadOnlyList<string> OperatorArguments { get; init; } = [];

    /// <summary>Receives progress lines (build output, what starts where).</summary>
    public Action<string>? Progress { get; init; }
}
