using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using k8s;
using k8s.Models;
using Rollouts.Kube;

namespace Rollouts.Testing;

/// <summary>
/// A real local Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager v1.20.2) started by
/// <c>dev/controlplane/up.sh</c> in a temporary state folder, once per test process: <see cref="Acquire"/> starts it
/// (or shares the running one), <see cref="Release"/> stops it when the last user lets go. up.sh's watchdog
/// (<c>--owner-pid</c> = this process) and a process-exit hook stop it even when the run is killed.
/// Use through <see cref="ControlPlaneFixture"/> in an xunit collection.
/// </summary>
public sealed class ControlPlane
{
    private static readonly object Gate = new();
    private static ControlPlane? shared;
    private static int users;
    private static bool hooked;
    private int namespaceCounter;

    private ControlPlane(string stateDir, IReadOnlyDictionary<string, string> env)
    {
        StateDir = stateDir;
        KubeconfigPath = env["KUBECONFIG"];
        KubeconfigCertPath = Path.Combine(stateDir, "kubeconfig-cert");
        ApiServerUrl = new Uri(env["APISERVER_URL"]);
        EtcdUrl = new Uri(env["ETCD_URL"]);
    }

    /// <summary>The state folder (kubeconfig, env, pki/, logs/).</summary>
    public string StateDir { get; }

    /// <summary>Admin kubeconfig with a bearer token and the CA file.</summary>
    public string KubeconfigPath { get; }

    /// <summary>Admin kubeconfig with a client certificate (O=system:masters) instead of the token.</summary>
    public string KubeconfigCertPath { get; }

    /// <summary>The API server's address (https on loopback).</summary>
    public Uri ApiServerUrl { get; }

    /// <summary>etcd's client address (plain http on loopback; its JSON gateway is under <c>/v3/</c>).</summary>
    public Uri EtcdUrl { get; }

    /// <summary>The admin configuration (bearer token), loaded afresh: KubernetesClient's client takes over its certificates.</summary>
    public KubernetesClientConfiguration AdminConfiguration => KubeConfig.Load(KubeconfigPath);

    /// <summary>The admin bearer token (also the one exec-plugin kubeconfigs in tests hand out).</summary>
    public string AdminToken => KubeConfig.Load(KubeconfigPath).AccessToken;

    /// <summary>Starts the shared control plane, or returns the running one; pair with <see cref="Release"/>.</summary>
    /// <exception cref="InvalidOperationException">up.sh failed (its output is in the message).</exception>
    public static ControlPlane Acquire()
    {
        lock (Gate)
        {
            if (shared is null)
            {
                shared = Start();
                if (!hooked)
                {
                    hooked = true;
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => StopShared();
                }
            }

            users++;
            return shared;
        }
    }

    /// <summary>Lets go of the shared control plane; the last user stops it.</summary>
    public static void Release()
    {
        lock (Gate)
        {
            if (--users <= 0)
            {
                users = 0;
                StopShared();
            }
        }
    }

    /// <summary>The field manager of the admin clients' server-side applies.</summary>
    public const string TestFieldManager = "tests";

    /// <summary>An admin client (bearer token) with the full handler pipeline (field manager <see cref="TestFieldManager"/> unless <paramref name="options"/> names one).</summary>
    public KubeClient CreateAdminClient(KubeClientOptions? options = null, IRuntimeMetrics? metrics = null) =>
        KubeClient.Create(AdminConfiguration, options ?? new KubeClientOptions { FieldManager = TestFieldManager }, metrics);

    /// <summary>
    /// Creates a fresh namespace named <paramref name="prefix"/>-N-random for one test's isolation, and waits until its
    /// <c>default</c> service account has its token (before that, v1.20 refuses to create pods in it).
    /// </summary>
    /// <exception cref="TimeoutException">The service account's token did not appear within 60 s.</exception>
    public async Task<string> CreateNamespaceAsync(string prefix = "t", CancellationToken ct = default)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref namespaceCounter)}-{Guid.NewGuid().ToString("N")[..6]}";
        using var client = CreateAdminClient();
        await client.CreateAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, ct).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await client.GetAsync<V1ServiceAccount>(name, "default", ct).ConfigureAwait(false))?.Secrets is not { Count: > 0 })
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"namespace {name}: the default service account got no token within 60 s");
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }

        return name;
    }

    /// <summary>
    /// Restarts kube-apiserver with the same arguments (etcd keeps its data): open watches drop, and the new
    /// server's watch cache starts at the current revision, so resuming a watch from an older resourceVersion gets
    /// 410 Gone. <paramref name="whileDown"/> runs while the server is stopped (e.g. <see cref="BumpEtcdRevisionAsync"/>).
    /// </summary>
    public async Task RestartApiServerAsync(Func<Task>? whileDown = null, CancellationToken ct = default)
    {
        var pidsFile = Path.Combine(StateDir, "pids");
        var pids = (await File.ReadAllLinesAsync(pidsFile, ct).ConfigureAwait(false)).Where(l => l.Length > 0).ToList();
        var index = pids.FindIndex(p => ReadCommandLine(p).FirstOrDefault()?.EndsWith("kube-apiserver", StringComparison.Ordinal) == true);
        if (index < 0)
        {
            throw new InvalidOperationException($"kube-apiserver not found among the pids in {pidsFile}");
        }

        var args = ReadCommandLine(pids[index]);
        var pid = int.Parse(pids[index], CultureInfo.InvariantCulture);
        using (var old = Process.GetProcessById(pid))
        {
            old.Kill(entireProcessTree: true);
            await old.WaitForExitAsync(ct).ConfigureAwait(false);
        }

        if (whileDown is not null)
        {
            await whileDown().ConfigureAwait(false);
        }

        var log = Path.Combine(StateDir, "logs", "kube-apiserver.log");
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"setsid \"$@\" >> '{log}' 2>&1 < /dev/null & echo $!");
        start.ArgumentList.Add("_");
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var newPid = (await p.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false)).Trim();
        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        pids[index] = newPid;
        await File.WriteAllLinesAsync(pidsFile, pids, ct).ConfigureAwait(false);
        await WaitForReadyAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
    }

    /// <summary>Writes a dummy key straight into etcd (its JSON gateway), raising etcd's revision without the API server.</summary>
    /// <returns>The new revision.</returns>
    public async Task<long> BumpEtcdRevisionAsync(CancellationToken ct = default)
    {
        using var http = new HttpClient { BaseAddress = EtcdUrl };
        var body = new
        {
            key = Convert.ToBase64String(Encoding.UTF8.GetBytes("/model-rollouts-test/bump")),
            value = Convert.ToBase64String(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())),
        };
        using var response = await http.PostAsJsonAsync("/v3/kv/put", body, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct).ConfigureAwait(false);
        return long.Parse(json.GetProperty("header").GetProperty("revision").GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <c>/readyz</c> until the API server answers ok.</summary>
    /// <exception cref="TimeoutException">Not ready within <paramref name="timeout"/>.</exception>
    public async Task WaitForReadyAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var client = CreateAdminClient(new KubeClientOptions { FieldManager = TestFieldManager, MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(5) });
        while (true)
        {
            try
            {
                await client.ListAsync<V1Namespace>(null, new ListOptions { Limit = 1 }, ct).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or KubeApiException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"kube-apiserver not ready after {timeout}: {e.Message}");
                }

                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }
    }

    private static string[] ReadCommandLine(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static ControlPlane Start()
    {
        var stateDir = Path.Combine(Path.GetTempPath(), $"rollouts-cp-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(stateDir);
        var script = RepositoryPaths.InRepo("dev/controlplane/up.sh");
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(stateDir);
        start.ArgumentList.Add("--owner-pid");
        start.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{script} did not finish in 10 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }

        var env = File.ReadAllLines(Path.Combine(stateDir, "env"))
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
        return new ControlPlane(stateDir, env);
    }

    private static void StopShared()
    {
        lock (Gate)
        {
            if (shared is null)
            {
                return;
            }

            var state = shared.StateDir;
            shared = null;
            try
            {
                using var p = Process.Start(new ProcessStartInfo("bash", [RepositoryPaths.InRepo("dev/controlplane/down.sh"), state])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                });
                p?.WaitForExit(TimeSpan.FromSeconds(30));
                Directory.Delete(state, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                // Best effort: the watchdog of up.sh stops the processes when this process exits anyway.
            }
        }
    }
}
