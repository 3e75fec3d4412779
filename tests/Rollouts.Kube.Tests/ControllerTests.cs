using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Rollouts.Kube.Tests;

public sealed class ControllerTests
{
    private static readonly ObjectKey Key = new("ns", "model");

    private sealed class ScriptedReconciler(Func<int, ReconcileResult> script) : IReconciler
    {
        public int Calls;

        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct) =>
            Task.FromResult(script(Interlocked.Increment(ref Calls)));
    }

    private static Controller Build(IReconciler reconciler, TimeProvider clock)
    {
        // The informers are built but never run: a strict double of the API boundary fails any call.
        var informers = new SharedInformers(new Mock<IKubeClient>(MockBehavior.Strict).Object);
        return new ControllerBuilder("test", informers).For<V1Lease>("ns").WithReconciler(reconciler).WithTimeProvider(clock).Build();
    }

    [Fact]
    public async Task A_failing_reconcile_is_requeued_with_growing_delays_then_forgotten_on_success()
    {
        var clock = new FakeTimeProvider();
        var reconciler = new ScriptedReconciler(call => call <= 4 ? throw new InvalidOperationException("boom") : ReconcileResult.Done);
        var controller = Build(reconciler, clock);
        controller.Queue.Add(Key);

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            var expected = controller.Queue.PeekBackoff(Key);
            delays.Add(expected);
            (await controller.ProcessNextAsync(Timeouts.Ct())).ShouldBeTrue();
            controller.Queue.Length.ShouldBe(0); // not retried at once
            clock.Advance(expected - TimeSpan.FromTicks(1));
            controller.Queue.Length.ShouldBe(0);
            clock.Advance(TimeSpan.FromTicks(1));
            controller.Queue.Length.ShouldBe(1);
        }

        delays.ShouldBe(new[] { 5, 10, 20, 40 }.Select(ms => TimeSpan.FromMilliseconds(ms)));
        controller.Queue.NumRequeues(Key).ShouldBe(4);
        (await controller.ProcessNextAsync(Timeouts.Ct())).ShouldBeTrue();
        reconciler.Calls.ShouldBe(5);
        controller.Queue.NumRequeues(Key).ShouldBe(0);
        controller.Queue.DelayedCount.ShouldBe(0);
    }

    [Fact]
    public async Task A_terminal_error_is_not_retried()
    {
        var clock = new FakeTimeProvider();
        var controller = Build(new ScriptedReconciler(_ => throw new TerminalReconcileException("bad spec")), clock);
        controller.Queue.Add(Key);
        (await controller.ProcessNextAsync(Timeouts.Ct())).ShouldBeTrue();
        controller.Queue.DelayedCount.ShouldBe(0);
        controller.Queue.Length.ShouldBe(0);
        controller.Queue.NumRequeues(Key).ShouldBe(0);
    }

    [Fact]
    public async Task RequeueAfter_schedules_the_key_on_the_clock()
    {
        var clock = new FakeTimeProvider();
        var controller = Build(new ScriptedReconciler(_ => ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(30))), clock);
        controller.Queue.Add(Key);
        (await controller.ProcessNextAsync(Timeouts.Ct())).ShouldBeTrue();
        controller.Queue.DelayedCount.ShouldBe(1);
        clock.Advance(TimeSpan.FromSeconds(29));
        controller.Queue.Length.ShouldBe(0);
        clock.Advance(TimeSpan.FromSeconds(1));
        controller.Queue.Length.ShouldBe(1);
    }

    [Fact]
    public void OwnerKey_matches_the_controller_owner_by_group_and_kind()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                NamespaceProperty = "ns",
                OwnerReferences =
                [
                    new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = "1" },
                    new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web", Uid = "2", Controller = true },
                ],
            },
        };
        ControllerBuilder.OwnerKey(pod, KubeResource.Of<V1Deployment>()).ShouldBe(new ObjectKey("ns", "web"));
        ControllerBuilder.OwnerKey(pod, KubeResource.Of<V1Service>()).ShouldBeNull();
        pod.Metadata.OwnerReferences[1].Controller = false;
        ControllerBuilder.OwnerKey(pod, KubeResource.Of<V1Deployment>()).ShouldBeNull();
    }

    [Fact]
    public void RequeueAfter_refuses_a_negative_delay() =>
        Should.Throw<ArgumentOutOfRangeException>(() => ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(-1)));
}
