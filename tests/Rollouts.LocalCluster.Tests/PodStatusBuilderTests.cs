using Rollouts.LocalCluster.Agent;

namespace Rollouts.LocalCluster.Tests;

public sealed class PodStatusBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_running_ready_container_makes_a_running_ready_pod()
    {
        var status = PodStatusBuilder.Build(
            new ContainerSnapshot { Name = "server", Image = "img", RunningSince = T0, Ready = true, EverStarted = true },
            "127.0.1.2", "127.0.0.1", T0, T0);
        status["phase"]!.GetValue<string>().ShouldBe("Running");
        status["podIP"]!.GetValue<string>().ShouldBe("127.0.1.2");
        status["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!["status"]!.GetValue<string>().ShouldBe("True");
        var container = status["containerStatuses"]![0]!;
        container["ready"]!.GetValue<bool>().ShouldBeTrue();
        container["state"]!["running"]!["startedAt"]!.GetValue<string>().ShouldBe("2026-11-21T17:00:00Z");
    }

    [Fact]
    public void A_crash_looping_container_reports_waiting_restart_count_and_last_termination()
    {
        var status = PodStatusBuilder.Build(
            new ContainerSnapshot
            {
                Name = "server", Image = "img", WaitingReason = "CrashLoopBackOff", RestartCount = 2, EverStarted = true,
                LastTermination = (1, T0.AddSeconds(5), T0),
            },
            "127.0.1.2", "127.0.0.1", T0, T0);
        status["phase"]!.GetValue<string>().ShouldBe("Running");
        var container = status["containerStatuses"]![0]!;
        container["restartCount"]!.GetValue<int>().ShouldBe(2);
        container["state"]!["waiting"]!["reason"]!.GetValue<string>().ShouldBe("CrashLoopBackOff");
        container["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>().ShouldBe(1);
        status["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!["status"]!.GetValue<string>().ShouldBe("False");
    }

    [Fact]
    public void An_image_that_cannot_run_keeps_the_pod_pending_with_image_pull_back_off()
    {
        var status = PodStatusBuilder.Build(
            new ContainerSnapshot { Name = "server", Image = "nginx", WaitingReason = "ImagePullBackOff" },
            "127.0.1.2", "127.0.0.1", T0, T0);
        status["phase"]!.GetValue<string>().ShouldBe("Pending");
        status["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.GetValue<string>().ShouldBe("ImagePullBackOff");
    }
}
