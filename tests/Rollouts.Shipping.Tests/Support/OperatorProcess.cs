using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Support;

/// <summary>
/// The real operator host (Rollouts.Operator.dll) run as a child process with the install manifest's arguments and
/// only the <c>model-rollouts</c> ServiceAccount's token, watching one namespace, without Prometheus. Dispose kills
/// it (whole process tree) and deletes its kubeconfig.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    /// <summary>Namespace of the operator's ServiceAccount and Lease (install.yaml).</summary>
    public const string OperatorNamespace = "model-rollouts";

    private readonly Process process;
    private readonly string kubeconfig;
    private readonly StringBuilder log = new();

    private OperatorProcess(Process process, string kubeconfig, int metricsPort)
    {
        this.process = process;
        this.kubeconfig = kubeconfig;
        MetricsPort = metricsPort;
    }

    /// <summary>Loopback port of the operator's /metrics, /readyz.</summary>
    public int MetricsPort { get; }

    /// <summary>Whether the process has exited (it should not while a test uses it).</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Exit code, or null while running.</summary>
    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>Everything the operator wrote to stdout and stderr so far.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>
    /// Applies charts/install.yaml, mints a 10-minute token for the operator ServiceAccount and starts the operator
    /// with install.yaml's container arguments, <c>--namespace=<paramref name="watchNamespace"/></c>, a free loopback
    /// metrics port and no <c>--prometheus-url</c>.
    /// </summary>
    public static async Task<OperatorProcess> StartAsync(ControlPlane cp, string watchNamespace)
    {
        (await Kubectl.RunAsync(cp, null, "apply", "-f", RepositoryPaths.InRepo("charts/install.yaml"))).ExitCode.ShouldBe(0);
        await cp.WaitForCrdEstablishedAsync("modeldeployments.ml.rollouts.dev", CancellationToken.None);
        var token = await cp.ServiceAccountTokenAsync(OperatorNamespace, "model-rollouts", TimeSpan.FromMinutes(10), CancellationToken.None);
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"operator-sa-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster:
                server: {cp.ApiServerUrl}
                certificate-authority: {Path.Combine(cp.StateDir, "pki", "ca.crt")}
            users:
            - name: operator
              user:
                token: {token}
            contexts:
            - name: operator
              context:
                cluster: local
                user: operator
                namespace: {OperatorNamespace}
            current-context: operator
            """);

        var port = FreePort();
        var args = ChartFiles.InstallObject("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray()
            .Select(a => (string)a!)
            .Select(a => a.Replace("$(POD_NAMESPACE)", OperatorNamespace, StringComparison.Ordinal))
            .Select(a => a.StartsWith("--namespace=", StringComparison.Ordinal) ? $"--namespace={watchNamespace}" : a)
            .Select(a => a.StartsWith("--metrics-address=", StringComparison.Ordinal) ? $"--metrics-address=http://127.0.0.1:{port}" : a)
            .Where(a => !a.StartsWith("--prometheus-url=", StringComparison.Ordinal))
            .ToList();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "Rollouts.Operator.dll"), "--kubeconfig", kubeconfig, .. args])
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("the operator did not start");
        var started = new OperatorProcess(process, kubeconfig, port);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            process.Dispose();
            File.Delete(kubeconfig);
        }
    }

    private void Append(string? line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
