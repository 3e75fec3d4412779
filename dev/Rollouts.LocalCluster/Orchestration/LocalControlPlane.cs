using Rollouts.LocalCluster.Processes;

namespace Rollouts.LocalCluster.Orchestration;

/// <summary>
/// The local control plane of <c>dev/controlplane/up.sh</c> (etcd, kube-apiserver, kube-controller-manager v1.20.2,
/// built once into the machine cache): started with <c>--owner-pid</c> of this process so it stops even if this
/// process is killed, stopped with <c>down.sh</c>.
/// </summary>
public sealed class LocalControlPlane : IAsyncDisposable
{
    private readonly string _repositoryRoot;

    private LocalControlPlane(string repositoryRoot, string stateDirectory)
    {
        _repositoryRoot = repositoryRoot;
        StateDirectory = stateDirectory;
    }

    /// <summary>The state folder (kubeconfig, logs, etcd data).</summary>
    public string StateDirectory { get; }

    /// <summary>The admin kubeconfig (bearer token).</summary>
    public string Kubeconfig => Path.Combine(StateDirectory, "kubeconfig");

    /// <summary>
    /// Starts it, streaming script output to <paramref name="onLine"/>. When the cache already holds the binaries,
    /// up.sh is told not to run build.sh (<c>ROLLOUTS_SKIP_BUILD=1</c>): `make demo` and `make test` build them
    /// beforehand, so a second run never rebuilds; otherwise up.sh builds them first (about 5 minutes).
    /// </summary>
    /// <exception cref="InvalidOperationException">up.sh failed (its output went to <paramref name="onLine"/>).</exception>
    public static async Task<LocalControlPlane> StartAsync(string repositoryRoot, string stateDirectory, Action<string>? onLine, CancellationToken ct)
    {
        Directory.CreateDirectory(stateDirectory);
        var state = Path.GetFullPath(stateDirectory);
        var code = await ScriptRunner.RunAsync(
            "bash",
            [Path.Combine(repositoryRoot, "dev", "controlplane", "up.sh"), state, "--owner-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Built() ? new Dictionary<string, string> { ["ROLLOUTS_SKIP_BUILD"] = "1" } : null,
            onLine,
            ct).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"dev/controlplane/up.sh failed with exit code {code}; logs in {state}/logs");
        }

        return new LocalControlPlane(repositoryRoot, state);
    }

    /// <summary>True when the cache holds kube-apiserver and kube-controller-manager.</summary>
    public static bool Built()
    {
        var cache = Environment.GetEnvironmentVariable("ROLLOUTS_CACHE") is { Length: > 0 } c
            ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "model-rollouts");
        var bin = Path.Combine(cache, "kubernetes-1.20.2", "bin");
        return File.Exists(Path.Combine(bin, "kube-apiserver")) && File.Exists(Path.Combine(bin, "kube-controller-manager"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() =>
        await ScriptRunner.RunAsync("bash", [Path.Combine(_repositoryRoot, "dev", "controlplane", "down.sh"), StateDirectory], null, null, CancellationToken.None).ConfigureAwait(false);
}
