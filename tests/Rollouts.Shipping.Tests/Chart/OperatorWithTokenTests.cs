using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Rollouts.Api;
using Rollouts.Api.Model;
using Rollouts.Api.Strategy;
using Rollouts.Kube;
using Rollouts.Shipping.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Chart;

/// <summary>
/// The real operator host, started with the install manifest's ServiceAccount token (and nothing more), gets
/// through a reconcile: it takes its Lease, creates the serving Deployment and writes status, with no 403 from the API.
/// </summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class OperatorWithTokenTests(ControlPlaneFixture fixture)
{
    private const string OperatorNamespace = "model-rollouts";
    private readonly ControlPlane cp = fixture.ControlPlane;

    [Fact]
    public async Task Operator_reconciles_with_only_the_install_manifest_rbac()
    {
        (await Kubectl.RunAsync(cp, null, "apply", "-f", RepositoryPaths.InRepo("charts/install.yaml"))).ExitCode.ShouldBe(0);
        await Kubectl.OkAsync(cp, "wait", "--for=condition=Established", "--timeout=60s", "crd/modeldeployments.ml.rollouts.dev");
        var token = (await Kubectl.OkAsync(cp, "create", "token", "model-rollouts", "-n", OperatorNamespace, "--duration=10m")).Trim();
        var ns = await cp.CreateNamespaceAsync("op");
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
        var install = ChartFiles.InstallObject("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray()
            .Select(a => (string)a!)
            .Select(a => a.Replace("$(POD_NAMESPACE)", OperatorNamespace, StringComparison.Ordinal))
            .Select(a => a.StartsWith("--namespace=", StringComparison.Ordinal) ? $"--namespace={ns}" : a)
            .Select(a => a.StartsWith("--metrics-address=", StringComparison.Ordinal) ? $"--metrics-address=http://127.0.0.1:{port}" : a)
            .Where(a => !a.StartsWith("--prometheus-url=", StringComparison.Ordinal)) // no Prometheus here; the spec has no analysis
            .ToList();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "Rollouts.Operator.dll"), "--kubeconfig", kubeconfig, .. install])
        {
            info.ArgumentList.Add(a);
        }

        var log = new System.Text.StringBuilder();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var admin = cp.CreateAdminClient();
            var created = await admin.CreateAsync(new ModelDeployment
            {
                Metadata = new ObjectMeta { Name = "iris", Namespace = ns },
                Spec = new ModelDeploymentSpec
                {
                    Model = new ModelSpec { Name = "iris", Version = "v1", Uri = "file:///models/iris-v1.onnx" },
                    Strategy = new StrategySpec { Canary = new CanaryStrategy { Steps = [new CanaryStep { SetWeight = 50 }] } },
                },
            }, CancellationToken.None);

            // Generous: the operator starts, syncs its informers, takes the Lease and reconciles on a loaded 2-core machine.
            var deadline = DateTime.UtcNow.AddMinutes(3);
            ModelDeployment? seen = null;
            List<Deployment> deployments = [];
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                seen = await admin.GetAsync<ModelDeployment>(ns, "iris", CancellationToken.None);
                deployments = (await admin.ListAsync<Deployment>(ns, null, CancellationToken.None)).Items;
                if (seen?.Status?.ObservedGeneration == created.Metadata.Generation && deployments.Count > 0)
                {
                    break;
                }

                await Task.Delay(250);
            }

            process.HasExited.ShouldBeFalse($"the operator exited ({(process.HasExited ? process.ExitCode : 0)}):\n{log}");
            seen?.Status?.ObservedGeneration.ShouldBe(created.Metadata.Generation, $"no status from the operator:\n{log}");
            deployments.ShouldNotBeEmpty($"no serving Deployment:\n{log}");
            deployments[0].Metadata.OwnerReferences!.ShouldContain(o => o.Uid == created.Metadata.Uid);

            var lease = await admin.GetAsync<Lease>(OperatorNamespace, "model-rollouts-operator", CancellationToken.None);
            lease.ShouldNotBeNull("leader election uses a Lease in the operator namespace");
            lease.Spec.HolderIdentity.ShouldNotBeNullOrEmpty();

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            (await http.GetStringAsync("/readyz")).ShouldBe("ok");
            var metrics = await http.GetStringAsync("/metrics");
            metrics.ShouldNotContain("code=\"403\"", customMessage: $"the operator was refused something its RBAC should allow:\n{metrics}");
            string text;
            lock (log)
            {
                text = log.ToString();
            }

            text.ShouldNotContain("forbidden", Case.Insensitive, $"the operator was refused something its RBAC should allow:\n{text}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            File.Delete(kubeconfig);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
