using k8s.Models;
using Rollouts.Kube;
using Rollouts.LocalCluster.Agent;

namespace Rollouts.LocalCluster.Tests;

public sealed class ServingCommandTests
{
    private static V1Container Container() => new()
    {
        Name = "server",
        Image = "ghcr.io/model-rollouts/serving:0.1.0",
        Args = ["--model-name", "iris", "--urls", "http://0.0.0.0:8080", "--model-version=1.0.0"],
        Env = [new V1EnvVar { Name = "SERVING_DRIFT_WINDOW", Value = "500" }, new V1EnvVar { Name = "FROM_SECRET" }],
        Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080, Protocol = "TCP" }],
        ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/v2/health/ready", Port = "http" } },
    };

    [Fact]
    public void The_agent_chooses_the_listen_address_and_keeps_the_other_args_and_literal_env()
    {
        var command = ServingCommand.For(Container(), "/x/Rollouts.Serving.dll", "127.0.1.9");
        command.Arguments.ShouldBe(["/x/Rollouts.Serving.dll", "--model-name", "iris", "--model-version=1.0.0", "--urls", "http://127.0.1.9:8080"]);
        command.Environment.ShouldBe(new Dictionary<string, string?> { ["SERVING_DRIFT_WINDOW"] = "500" });
        command.Port.ShouldBe(8080);
    }

    [Fact]
    public void A_named_probe_port_resolves_through_the_container_ports() =>
        ServingCommand.ReadinessProbe(Container()).ShouldBe(("/v2/health/ready", 8080));

    [Theory]
    [InlineData("*model-rollouts*serving*", "ghcr.io/model-rollouts/serving:0.1.0", true)]
    [InlineData("*model-rollouts*serving*", "local/model-rollouts-serving:dev", true)]
    [InlineData("*model-rollouts*serving*", "nginx:1.25", false)]
    [InlineData("exact:1", "exact:1", true)]
    [InlineData("exact:?", "exact:10", false)]
    public void Image_patterns_are_globs(string glob, string image, bool matches) =>
        ImagePattern.Matches(glob, image).ShouldBe(matches);
}
