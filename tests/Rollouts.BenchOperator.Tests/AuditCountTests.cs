using k8s;
using k8s.Models;

namespace Rollouts.BenchOperator.Tests;

/// <summary>
/// On the real control plane as the benchmark starts it: the operator's user is told apart from the admin in the
/// audit log, its requests are counted exactly by verb and resource, apiserver_request_total counts every client,
/// and the Service range is the wide one.
/// </summary>
public sealed class AuditCountTests
{
    [Fact]
    public async Task Counts_exactly_the_operator_users_requests_and_the_metrics_count_everyones()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var state = Path.Combine(Path.GetTempPath(), "bench-audit-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var cp = await LocalControlPlane.StartAsync(Repo.Root, state, null, TextWriter.Null, ct);
            var adminConfig = KubernetesClientConfiguration.BuildConfigFromConfigFile(cp.AdminKubeconfig);
            using var admin = new Kubernetes(adminConfig);
            using var op = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cp.OperatorKubeconfig));
            using var metrics = new ApiServerMetrics(adminConfig);
            (await admin.CoreV1.ReadNamespacedServiceAsync("kubernetes", "default", cancellationToken: ct)).Spec.ClusterIP.ShouldBe("10.96.0.1");

            await WaitForRootCaConfigMapsAsync(admin, ct);
            var before = await metrics.ReadAsync(ct);
            var from = DateTimeOffset.UtcNow;
            for (var i = 0; i < 2; i++)
            {
                await op.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"c{i}" } }, "default", cancellationToken: ct);
            }

            for (var i = 0; i < 3; i++)
            {
                await op.CoreV1.ReadNamespacedConfigMapAsync("c0", "default", cancellationToken: ct);
            }

            await op.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: ct);
            await op.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"a\":\"b\"}}", V1Patch.PatchType.MergePatch), "c0", "default", cancellationToken: ct);
            await op.CoreV1.DeleteNamespacedConfigMapAsync("c1", "default", cancellationToken: ct);
            for (var i = 0; i < 5; i++)
            {
                await admin.CoreV1.ReadNamespacedConfigMapAsync("c0", "default", cancellationToken: ct);
            }

            var to = DateTimeOffset.UtcNow;
            var after = await metrics.ReadAsync(ct);

            var audit = new AuditLog(cp.AuditLogPath);
            var counts = await audit.CountAsync(LocalControlPlane.OperatorUser, from, to, ct);
            for (var wait = 0; counts.Total < 8 && wait < 50; wait++)
            {
                await Task.Delay(100, ct); // the audit backend writes ResponseComplete after the response
                counts = await audit.CountAsync(LocalControlPlane.OperatorUser, from, to, ct);
            }

            counts.Counts.ShouldBe(new Dictionary<string, long>
            {
                ["CREATE configmaps"] = 2,
                ["GET configmaps"] = 3,
                ["LIST configmaps"] = 1,
                ["PATCH configmaps"] = 1,
                ["DELETE configmaps"] = 1,
            }, ignoreOrder: true);
            counts.Writes.ShouldBe(4);
            counts.MeanMilliseconds!.Keys.ShouldBe(counts.Counts.Keys, ignoreOrder: true);
            counts.MeanMilliseconds.Values.ShouldAllBe(ms => ms >= 0 && ms < 30_000);
            (await audit.CountAsync("local-admin", from, to, ct)).Total.ShouldBe(0); // the policy logs only the operator's user

            var all = ApiServerMetrics.Diff(before, after, (to - from).TotalSeconds);
            all.Counts["GET configmaps"].ShouldBe(8); // the operator's 3 and the admin's 5
            all.Counts["POST configmaps"].ShouldBe(2); // the metrics say POST/PUT where the audit log says create/update
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>
    /// kube-controller-manager's root-CA publisher creates the ConfigMap kube-root-ca.crt in every namespace soon after
    /// start; apiserver_request_total counts those POSTs too, so the test measures only once they all exist.
    /// </summary>
    private static async Task WaitForRootCaConfigMapsAsync(Kubernetes admin, CancellationToken ct)
    {
        while (true)
        {
            var namespaces = await admin.CoreV1.ListNamespaceAsync(cancellationToken: ct);
            var published = await admin.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: "metadata.name=kube-root-ca.crt", cancellationToken: ct);
            if (namespaces.Items.All(n => published.Items.Any(c => c.Metadata.NamespaceProperty == n.Metadata.Name)))
            {
                return;
            }

            await Task.Delay(200, ct);
        }
    }
}
