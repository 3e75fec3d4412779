using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus;
using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

[Collection(ControlPlaneFixture.Collection)]
public sealed class OperatorHostTests(ControlPlaneFixture fixture)
{
    private readonly ControlPlane cp = fixture.ControlPlane;

    private sealed class ServiceReconciler : IReconciler
    {
        public int Reconciled;
        public volatile bool SlowWasCancelled;
        public readonly TaskCompletionSource SlowStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
        {
            if (key.Name == "slow")
            {
                SlowStarted.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    SlowWasCancelled = true;
                    throw;
                }
            }

            Interlocked.Increment(ref Reconciled);
            return ReconcileResult.Done;
        }
    }

    [Fact]
    public async Task Hosted_manager_serves_health_readiness_and_metrics_and_shuts_down_gracefully()
    {
        var ct = Timeouts.Ct(120);
        var ns = await cp.CreateNamespaceAsync("host", ct);
        var registry = Metrics.NewCustomRegistry();
        var metrics = new PrometheusRuntimeMetrics(registry);
        using var client = cp.CreateAdminClient(metrics: metrics);
        var informers = new SharedInformers(client);
        var reconciler = new ServiceReconciler();
        var controller = new ControllerBuilder("services", informers).For<V1Service>(ns).WithReconciler(reconciler).WithMetrics(metrics).Build();
        var elector = new LeaderElectionRunner(client.Api, new LeaderElectionOptions { LeaseName = "operator", LeaseNamespace = ns, Identity = "host-1" }, metrics: metrics);
        var manager = new ControllerManager(informers, [controller], elector);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(manager);
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ControllerManager>());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        await using var app = builder.Build();
        app.MapOperatorEndpoints(manager, registry);
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        (await http.GetStringAsync("/healthz", ct)).ShouldBe("ok");
        await Eventually.TrueAsync(async () => (await http.GetAsync("/readyz", ct)).StatusCode == HttpStatusCode.OK, "ready once caches synced");
        await Eventually.TrueAsync(() => manager.IsLeading, "leading");

        await client.CreateAsync(new V1Service { Metadata = new V1ObjectMeta { Name = "fast", NamespaceProperty = ns }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] } }, ct);
        await Eventually.TrueAsync(() => reconciler.Reconciled >= 1, "reconciled");

        var text = await http.GetStringAsync("/metrics", ct);
        text.ShouldContain("controller_runtime_reconcile_total{controller=\"services\",result=\"success\"}");
        text.ShouldContain("leader_election_master_status{name=\"operator\"} 1");
        text.ShouldContain("rest_client_requests_total{verb=\"list\",resource=\"services\",code=\"200\"}");
        text.ShouldContain("rest_client_requests_total{verb=\"watch\",resource=\"services\",code=\"200\"}");
        text.ShouldContain("workqueue_queue_duration_seconds_bucket{name=\"services\"");
        text.ShouldContain("controller_runtime_reconcile_time_seconds_count{controller=\"services\"}");

        // An in-flight reconcile is cancelled through its token on shutdown, and the lease is released.
        await client.CreateAsync(new V1Service { Metadata = new V1ObjectMeta { Name = "slow", NamespaceProperty = ns }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] } }, ct);
        await reconciler.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await app.StopAsync(ct);
        reconciler.SlowWasCancelled.ShouldBeTrue();
        manager.IsLeading.ShouldBeFalse();
        (await client.GetAsync<V1Lease>(ns, "operator", ct))!.Spec.HolderIdentity.ShouldBeNullOrEmpty(); // released
        (await MetricsText.ExportAsync(registry, ct)).ShouldContain("leader_election_master_status{name=\"operator\"} 0");
    }
}
