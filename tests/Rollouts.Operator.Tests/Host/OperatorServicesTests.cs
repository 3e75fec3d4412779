using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Kube;
using Rollouts.Operator.Host;

namespace Rollouts.Operator.Tests.Host;

public sealed class OperatorServicesTests
{
    [Fact]
    public void Workers_flag_sets_each_controllers_concurrency()
    {
        var (o, error) = OperatorCommandLine.Parse(["--workers=7", "--namespace=a,b"]);
        error.ShouldBeNull();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddRolloutsOperator(o!, new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        using var sp = services.BuildServiceProvider();
        var controllers = sp.GetRequiredService<IReadOnlyList<Controller>>();
        controllers.Count.ShouldBe(2);
        controllers.ShouldAllBe(c => c.Workers == 7);
        sp.GetRequiredService<global::Rollouts.Notifications.IRolloutNotifier>().ShouldBe(global::Rollouts.Notifications.NullRolloutNotifier.Instance, "no URL, no sink");
    }

    [Fact]
    public async Task A_webhook_url_gives_the_reconciler_a_webhook_notifier_that_the_host_starts()
    {
        var (o, error) = OperatorCommandLine.Parse(["--notify-webhook-url=https://hooks.example/rollouts"]);
        error.ShouldBeNull();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddRolloutsOperator(o!, new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        await using var sp = services.BuildServiceProvider(); // the notifier drains its queues on DisposeAsync
        sp.GetRequiredService<global::Rollouts.Notifications.IRolloutNotifier>().ShouldBeOfType<global::Rollouts.Notifications.WebhookNotifier>();
        sp.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ShouldContain(h => h is global::Rollouts.Notifications.WebhookNotifier);
    }
}
