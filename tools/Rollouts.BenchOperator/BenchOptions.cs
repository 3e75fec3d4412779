using System.CommandLine;

namespace Rollouts.BenchOperator;

/// <summary>
/// Options of the benchmark (flags: <see cref="Command"/>, <c>--help</c>). Durations are whole seconds; counts are plain integers.
/// </summary>
public sealed record BenchOptions
{
    /// <summary>Number of ModelDeployments (≥ 1).</summary>
    public int Count { get; init; } = 1000;

    /// <summary>Namespaces the ModelDeployments are spread over (bench-0 … bench-K-1), round robin.</summary>
    public int Namespaces { get; init; } = 4;

    /// <summary>Concurrent create/patch requests of the benchmark's own client.</summary>
    public int Parallel { get; init; } = 32;

    /// <summary>Length of the at-rest window, seconds.</summary>
    public int RestSeconds { get; init; } = 120;

    /// <summary>Pause between "all observed" and the start of the at-rest window, seconds.</summary>
    public int SettleSeconds { get; init; } = 10;

    /// <summary>
    /// Interval of the convergence poll (a paged list of every ModelDeployment), seconds; null: 2 s up to 2,000
    /// objects, then 1 s per 1,000 (10 s at 10,000), so the poll stays a small part of the API server's load.
    /// </summary>
    public double? PollSeconds { get; init; }

    /// <summary>Give up waiting for the cold start after this many seconds (the run still reports what it saw).</summary>
    public int ColdTimeoutSeconds { get; init; } = 1800;

    /// <summary>Give up waiting for the restarted operator to observe every object after this many seconds.</summary>
    public int RestartTimeoutSeconds { get; init; } = 600;

    /// <summary>Measure nothing: rewrite <see cref="Doc"/> from the runs stored in it (after a change to the report's layout).</summary>
    public bool RenderOnly { get; init; }

    /// <summary>Run the mass edit (every model version changed at once) after the restart.</summary>
    public bool MassEdit { get; init; } = true;

    /// <summary>Run the mass rollout with Ready pods (the node agent's KWOK-like mode) after the mass edit.</summary>
    public bool MassRollout { get; init; } = true;

    /// <summary>Name of the run in the document (e.g. "before", "after"); a run with the same label and N replaces the older one.</summary>
    public string Label { get; init; } = "run";

    /// <summary>Markdown document to update (relative to the repository); null: print only.</summary>
    public string? Doc { get; init; } = "docs/benchmarks/operator.md";

    /// <summary>State folder of the control plane and logs; null: a new folder under .local/bench-operator.</summary>
    public string? State { get; init; }

    /// <summary>Repository root; null: found upwards from the current folder (the folder holding Rollouts.sln).</summary>
    public string? Repo { get; init; }

    /// <summary>The operator assembly; null: .local/bench-operator/operator/Rollouts.Operator.dll, the ReadyToRun publish run.sh makes.</summary>
    public string? OperatorDll { get; init; }

    /// <summary>Extra operator arguments, appended after the ones the benchmark sets (e.g. a QPS flag of a later operator).</summary>
    public IReadOnlyList<string> OperatorArgs { get; init; } = [];

    /// <summary>etcd's --quota-backend-bytes; null: etcd's default (2 GiB), or 8 GiB from 5,000 objects.</summary>
    public long? EtcdQuotaBytes { get; init; }

    /// <summary>The effective poll interval (see <see cref="PollSeconds"/>).</summary>
    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollSeconds ?? Math.Max(2.0, Count / 1000.0));

    /// <summary>The effective etcd quota (see <see cref="EtcdQuotaBytes"/>).</summary>
    public long? EffectiveEtcdQuota => EtcdQuotaBytes ?? (Count >= 5000 ? 8L << 30 : null);

    /// <summary>
    /// The benchmark's command line (System.CommandLine): every option above as a flag, <c>--operator-arg</c>
    /// repeatable (its value may itself look like a flag), <c>--help</c> with each default.
    /// </summary>
    public static RootCommand Command { get; } = BenchCommandLine.Build();

    /// <summary>Parses <paramref name="args"/>; returns the options, or every error (one per line, each naming its flag).</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args) => BenchCommandLine.Read(Command.Parse(args));
}
