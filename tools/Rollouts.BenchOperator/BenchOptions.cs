using System.Globalization;

namespace Rollouts.BenchOperator;

/// <summary>
/// Options of the benchmark (see <see cref="Usage"/>). Durations are whole seconds; counts are plain integers.
/// </summary>
public sealed record BenchOptions
{
    /// <summary>Usage text.</summary>
    public const string Usage =
        "usage: Rollouts.BenchOperator [--n 1000] [--namespaces 4] [--parallel 32] [--rest-seconds 120] [--settle-seconds 10]\n" +
        "         [--poll-seconds S] [--cold-timeout-seconds 1800] [--restart-timeout-seconds 600] [--no-mass-edit] [--no-mass-rollout]\n" +
        "         [--label before] [--doc docs/benchmarks/operator.md | --no-doc] [--state DIR] [--repo DIR]\n" +
        "         [--operator-dll PATH] [--operator-arg ARG]... [--etcd-quota-bytes BYTES]\n" +
        "       Rollouts.BenchOperator --render [--doc PATH]   (rewrite the document from the runs stored in it)";

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

    /// <summary>Parses <paramref name="args"/>; returns the options, or an error naming the bad argument.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        var extra = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            string? error = null;
            switch (arg)
            {
                case "--n":
                    o = o with { Count = Int(Value(), 1, ref error) };
                    break;
                case "--namespaces":
                    o = o with { Namespaces = Int(Value(), 1, ref error) };
                    break;
                case "--parallel":
                    o = o with { Parallel = Int(Value(), 1, ref error) };
                    break;
                case "--rest-seconds":
                    o = o with { RestSeconds = Int(Value(), 1, ref error) };
                    break;
                case "--settle-seconds":
                    o = o with { SettleSeconds = Int(Value(), 0, ref error) };
                    break;
                case "--poll-seconds":
                    var p = Value();
                    if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var ps) || ps < 0.1)
                    {
                        error = $"'{p}' is not a number of seconds ≥ 0.1";
                    }

                    o = o with { PollSeconds = ps };
                    break;
                case "--cold-timeout-seconds":
                    o = o with { ColdTimeoutSeconds = Int(Value(), 1, ref error) };
                    break;
                case "--restart-timeout-seconds":
                    o = o with { RestartTimeoutSeconds = Int(Value(), 1, ref error) };
                    break;
                case "--render":
                    o = o with { RenderOnly = true };
                    break;
                case "--no-mass-edit":
                    o = o with { MassEdit = false };
                    break;
                case "--no-mass-rollout":
                    o = o with { MassRollout = false };
                    break;
                case "--label":
                    o = o with { Label = Value() ?? "" };
                    if (o.Label.Length == 0 || o.Label.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
                    {
                        error = "must be letters, digits, '-', '_' or '.'";
                    }

                    break;
                case "--doc":
                    o = o with { Doc = Value() };
                    break;
                case "--no-doc":
                    o = o with { Doc = null };
                    break;
                case "--state":
                    o = o with { State = Value() };
                    break;
                case "--repo":
                    o = o with { Repo = Value() };
                    break;
                case "--operator-dll":
                    o = o with { OperatorDll = Value() };
                    break;
                case "--operator-arg":
                    extra.Add(Value() ?? "");
                    break;
                case "--etcd-quota-bytes":
                    var q = Value();
                    if (!long.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out var qb) || qb < 1)
                    {
                        error = $"'{q}' is not a number of bytes";
                    }

                    o = o with { EtcdQuotaBytes = qb };
                    break;
                default:
                    return (null, $"unknown argument '{arg}'\n{Usage}");
            }

            if (error is not null)
            {
                return (null, $"{arg}: {error}\n{Usage}");
            }
        }

        return (o with { OperatorArgs = extra }, null);
    }

    private static int Int(string? text, int min, ref string? error)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min)
        {
            return v;
        }

        error = $"'{text}' is not an integer ≥ {min}";
        return min;
    }
}
