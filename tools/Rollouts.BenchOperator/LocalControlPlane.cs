using System.Diagnostics;
using System.Globalization;

namespace Rollouts.BenchOperator;

/// <summary>
/// The benchmark's own control plane: <c>dev/controlplane/up.sh STATE --owner-pid PID --service-cidr 10.96.0.0/12
/// --user rollouts-operator --audit-policy …</c> (etcd, kube-apiserver and kube-controller-manager v1.20.2), stopped by
/// <c>down.sh STATE</c> on dispose and, through up.sh's watchdog, when this process dies in any way.
/// </summary>
public sealed class LocalControlPlane : IAsyncDisposable
{
    /// <summary>The user (token of its own, group system:masters) the operator runs as; the audit policy logs only it.</summary>
    public const string OperatorUser = "rollouts-operator";

    /// <summary>A Service range wide enough for N × 3 Services (about a million addresses).</summary>
    public const string ServiceCidr = "10.96.0.0/12";

    private readonly string _repo;

    private LocalControlPlane(string repo, string state, Uri apiServer, IReadOnlyDictionary<string, int> pids)
    {
        _repo = repo;
        StateDirectory = state;
        ApiServer = apiServer;
        ComponentPids = pids;
    }

    /// <summary>The state folder (kubeconfigs, logs, etcd data).</summary>
    public string StateDirectory { get; }

    /// <summary>The API server's base URL (https://127.0.0.1:PORT).</summary>
    public Uri ApiServer { get; }

    /// <summary>Admin kubeconfig (the benchmark's own client).</summary>
    public string AdminKubeconfig => Path.Combine(StateDirectory, "kubeconfig");

    /// <summary>Kubeconfig of <see cref="OperatorUser"/>.</summary>
    public string OperatorKubeconfig => Path.Combine(StateDirectory, "kubeconfig-" + OperatorUser);

    /// <summary>The API server's audit log (JSON lines, only <see cref="OperatorUser"/>'s requests).</summary>
    public string AuditLogPath => Path.Combine(StateDirectory, "logs", "audit.log");

    /// <summary>Process ids of "etcd", "kube-apiserver" and "kube-controller-manager".</summary>
    public IReadOnlyDictionary<string, int> ComponentPids { get; }

    /// <summary>
    /// Runs up.sh (its output goes to <paramref name="log"/>; it runs build.sh first, which returns at once when the
    /// binaries are built) and reads what it wrote.
    /// </summary>
    /// <exception cref="InvalidOperationException">up.sh failed; the message names its exit code and log folder.</exception>
    public static async Task<LocalControlPlane> StartAsync(string repo, string state, long? etcdQuotaBytes, TextWriter log, CancellationToken ct)
    {
        Directory.CreateDirectory(state);
        state = Path.GetFullPath(state);
        var policy = Path.Combine(state, "audit-policy.yaml");
        await File.WriteAllTextAsync(policy, AuditPolicy, ct).ConfigureAwait(false);
        List<string> args =
        [
            Path.Combine(repo, "dev", "controlplane", "up.sh"), state,
            "--owner-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            "--service-cidr", ServiceCidr,
            "--user", OperatorUser,
            "--audit-policy", policy,
        ];
        if (etcdQuotaBytes is { } q)
        {
            args.AddRange(["--etcd-quota-bytes", q.ToString(CultureInfo.InvariantCulture)]);
        }

        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        args.ForEach(info.ArgumentList.Add);
        using var p = Process.Start(info) ?? throw new InvalidOperationException("cannot start bash");
        var output = Task.WhenAll(Copy(p.StandardOutput, log, ct), Copy(p.StandardError, log, ct));
        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        await output.ConfigureAwait(false);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"dev/controlplane/up.sh failed with exit code {p.ExitCode}; logs in {state}/logs");
        }

        var env = (await File.ReadAllLinesAsync(Path.Combine(state, "env"), ct).ConfigureAwait(false))
            .Select(l => l.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
        var pids = new Dictionary<string, int>();
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(state, "pids"), ct).ConfigureAwait(false))
        {
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ProcFs.Program(pid) is { } program)
            {
                pids[program] = pid;
            }
        }

        return new LocalControlPlane(repo, state, new Uri(env["APISERVER_URL"]), pids);
    }

    /// <summary>
    /// Stops the control plane (down.sh: SIGTERM, SIGKILL after 5 s) and removes etcd's data (about 0.8 GB at
    /// N=1,000); the logs, the audit log and the kubeconfigs stay in the state folder.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true };
        info.ArgumentList.Add(Path.Combine(_repo, "dev", "controlplane", "down.sh"));
        info.ArgumentList.Add(StateDirectory);
        using var p = Process.Start(info);
        if (p is not null)
        {
            await p.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var etcd = Path.Combine(StateDirectory, "etcd");
        if (Directory.Exists(etcd))
        {
            Directory.Delete(etcd, recursive: true);
        }
    }

    // Metadata of the operator's requests only (no bodies); RequestReceived is left out, so a request is one
    // ResponseComplete event (a watch: one ResponseStarted when it begins, one ResponseComplete when it ends).
    private const string AuditPolicy = $"""
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
        - level: Metadata
          users: ["{OperatorUser}"]
        - level: None
        """;

    private static async Task Copy(StreamReader from, TextWriter to, CancellationToken ct)
    {
        while (await from.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            await to.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
