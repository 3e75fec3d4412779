namespace Rollouts.BenchOperator;

/// <summary>
/// Everything one run measured (stored as JSON in docs/benchmarks/operator.md so later runs can stand beside it).
/// Seconds are wall-clock seconds from the operator process's start unless said otherwise; bytes are bytes; CPU is
/// percent of one core; a null figure was not measured (the phase timed out, was skipped, or the process died).
/// </summary>
public sealed record BenchResult
{
    /// <summary>Run label (e.g. "before").</summary>
    public required string Label { get; init; }

    /// <summary>Number of ModelDeployments.</summary>
    public required int Count { get; init; }

    /// <summary>Namespaces they were spread over.</summary>
    public required int Namespaces { get; init; }

    /// <summary>Start of the run (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The machine: CPU model, cores, memory, and the load averages before and after.</summary>
    public required MachineInfo Machine { get; init; }

    /// <summary>The operator's commit (see <see cref="MachineInfo.OperatorCommitAsync"/>).</summary>
    public required string OperatorCommit { get; init; }

    /// <summary>The operator's arguments beyond --kubeconfig, --serving-image and --metrics-address.</summary>
    public IReadOnlyList<string> OperatorArgs { get; init; } = [];

    /// <summary>The operator's garbage collector as its runtimeconfig.json sets it ("server", "workstation").</summary>
    public string Gc { get; init; } = "";

    /// <summary>The operator's code and runtime settings (<see cref="OperatorBuild.Describe"/>); empty in runs stored before it was recorded.</summary>
    public string Runtime { get; init; } = "";

    /// <summary>Interval of the convergence poll, seconds.</summary>
    public double PollSeconds { get; init; }

    /// <summary>Seconds the benchmark took to create the N objects (before the operator started).</summary>
    public double CreateSeconds { get; init; }

    /// <summary>Cold start: the figures from the operator's first start.</summary>
    public ColdStart? Cold { get; init; }

    /// <summary>At rest: the window after the cold start.</summary>
    public Rest? AtRest { get; init; }

    /// <summary>Restart: the figures from the second start.</summary>
    public Restart? Restarted { get; init; }

    /// <summary>Mass edit: every model changed at once.</summary>
    public MassEdit? Edit { get; init; }

    /// <summary>Mass rollout with Ready pods: every model changed at once, each rolled out through its steps.</summary>
    public MassRollout? Rollout { get; init; }

    /// <summary>What went wrong or was cut short, if anything.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Cold-start figures.</summary>
    /// <param name="AllObservedSeconds">Until every object had status.observedGeneration == metadata.generation (null: timed out).</param>
    /// <param name="HalfObservedSeconds">Until half of them had.</param>
    /// <param name="Observed">Objects observed at the end of the phase.</param>
    /// <param name="ReadySeconds">Until the operator's /readyz answered 200 (informer caches synced).</param>
    /// <param name="PeakRssBytes">VmHWM at the end of the phase.</param>
    /// <param name="Cpu">CPU per process over the phase (operator, kube-apiserver, etcd, kube-controller-manager).</param>
    /// <param name="OperatorRequests">The operator's requests over the phase (audit log).</param>
    public sealed record ColdStart(double? AllObservedSeconds, double? HalfObservedSeconds, int Observed, double? ReadySeconds, long? PeakRssBytes,
        IReadOnlyDictionary<string, double?> Cpu, RequestCounts OperatorRequests);

    /// <summary>At-rest figures over a window in which the benchmark sends no API request.</summary>
    /// <param name="WindowSeconds">Length of the window.</param>
    /// <param name="RssMeanBytes">Mean VmRSS of the 1 s samples.</param>
    /// <param name="RssMaxBytes">Largest sample.</param>
    /// <param name="RssEndBytes">VmRSS at the end.</param>
    /// <param name="PeakRssBytes">VmHWM at the end (peak since the process started, cold start included).</param>
    /// <param name="Cpu">CPU per process over the window.</param>
    /// <param name="OperatorRequests">The operator's requests (audit log: its user only).</param>
    /// <param name="AllRequests">Every client's requests (apiserver_request_total diff).</param>
    /// <param name="ReconcilesPerMinute">The operator's reconciles per minute (its controller_runtime_reconcile_total diff; null: not exposed).</param>
    /// <param name="QueueDepthEnd">Keys waiting in its work queue at the end (workqueue_depth; null: not exposed).</param>
    public sealed record Rest(double WindowSeconds, long? RssMeanBytes, long? RssMaxBytes, long? RssEndBytes, long? PeakRssBytes,
        IReadOnlyDictionary<string, double?> Cpu, RequestCounts OperatorRequests, RequestCounts AllRequests,
        double? ReconcilesPerMinute = null, double? QueueDepthEnd = null);

    /// <summary>Restart figures (SIGKILL, then a fresh process; its /metrics read every half poll interval).</summary>
    /// <param name="ReadySeconds">Until /readyz answered 200.</param>
    /// <param name="AllObservedSeconds">Until the observed signal reached N (null: timed out).</param>
    /// <param name="Observed">The signal's value at the end.</param>
    /// <param name="Signal">Which signal (<see cref="ObservedSignal"/>).</param>
    /// <param name="OperatorRequests">The operator's requests from its start to all observed (or the timeout).</param>
    public sealed record Restart(double? ReadySeconds, double? AllObservedSeconds, long Observed, string Signal, RequestCounts OperatorRequests);

    /// <summary>Mass-edit figures (seconds from the first patch).</summary>
    /// <param name="PatchSeconds">The benchmark's N merge patches.</param>
    /// <param name="AllObservedSeconds">Until every object had observed the new generation and reported a revision other than before.</param>
    /// <param name="AsCanary">Objects reporting the new revision as status.canaryRevision.</param>
    /// <param name="AsStable">Objects reporting it as status.stableRevision (no available stable: the first revision is replaced).</param>
    /// <param name="OperatorRequests">The operator's requests over the phase.</param>
    public sealed record MassEdit(double PatchSeconds, double? AllObservedSeconds, int AsCanary, int AsStable, RequestCounts OperatorRequests);

    /// <summary>Mass-rollout figures (<see cref="BenchOperator.MassRollout"/>).</summary>
    /// <param name="ReadySeconds">From the node agent's start until all N were Healthy on a stable revision (null: timed out).</param>
    /// <param name="AllPromotedSeconds">From the first patch until all N had promoted the new revision (the slowest; null: timed out).</param>
    /// <param name="MedianPromotedSeconds">The median object's time to promotion.</param>
    /// <param name="Promoted">Objects promoted when the phase ended.</param>
    /// <param name="PodsMarkedReady">Pod status writes of the node agent over the phase.</param>
    /// <param name="OperatorRequests">The operator's requests from the first patch to the end of the phase (null: no edit).</param>
    public sealed record MassRollout(double? ReadySeconds, double? AllPromotedSeconds, double? MedianPromotedSeconds, int Promoted, int PodsMarkedReady, RequestCounts? OperatorRequests);
}
