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
    }
}
