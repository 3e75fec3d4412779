using Rollouts.Operator.Host;

namespace Rollouts.Operator.Tests.Host;

public sealed class OperatorCommandLineTests
{
    [Fact]
    public void Parses_every_option()
    {
        var (o, error) = OperatorCommandLine.Parse(["--kubeconfig", "/k", "--context", "prod", "--serving-image=img:2", "--prometheus-url", "http://prom:9090",
            "--namespace", "a,b", "--namespace", "c", "--leader-elect", "--leader-election-namespace", "ops", "--metrics-address", "http://127.0.0.1:9000"]);
        error.ShouldBeNull();
        o!.Kubeconfig.ShouldBe("/k");
        o.Context.ShouldBe("prod");
        o.ServingImage.ShouldBe("img:2");
        o.PrometheusUrl.ShouldBe("http://prom:9090");
        o.Namespaces.ShouldBe(["a", "b", "c"]);
        o.LeaderElect.ShouldBeTrue();
        o.LeaderElectionNamespace.ShouldBe("ops");
        o.MetricsAddress.ShouldBe("http://127.0.0.1:9000");
    }

    [Fact]
    public void Defaults_watch_all_namespaces_without_leader_election()
    {
        var (o, _) = OperatorCommandLine.Parse([]);
        o!.Namespaces.ShouldBeEmpty();
        o.LeaderElect.ShouldBeFalse();
        o.Kubeconfig.ShouldBeNull();
        o.Context.ShouldBeNull();
    }

    [Theory]
    [InlineData("--bogus", "unknown argument '--bogus'")]
    [InlineData("--prometheus-url=not a url", "is not an absolute URL")]
    [InlineData("--serving-image=", "--serving-image must not be empty")]
    [InlineData("--kubeconfig", "need a value")]
    [InlineData("--context", "need a value")]
    public void Bad_arguments_are_named(string arg, string message)
    {
        var (o, error) = OperatorCommandLine.Parse([arg]);
        o.ShouldBeNull();
        error!.ShouldContain(message);
    }
}
