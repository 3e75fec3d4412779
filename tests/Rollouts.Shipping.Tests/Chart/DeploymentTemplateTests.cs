using Rollouts.Shipping.Tests.Support;

namespace Rollouts.Shipping.Tests.Chart;

/// <summary>The operator Deployment template: HA with leader election, restricted security context, probes.</summary>
public sealed class DeploymentTemplateTests
{
    private static string Template => File.ReadAllText(ChartFiles.InChart("templates/deployment.yaml"));

    [Fact]
    public void Two_replicas_with_leader_election_by_default()
    {
        ((int)ChartFiles.Values["replicaCount"]!).ShouldBe(2);
        ((bool)ChartFiles.Values["leaderElection"]!["enabled"]!).ShouldBeTrue();
        Template.ShouldContain("replicas: {{ .Values.replicaCount }}");
        Template.ShouldContain("- --leader-elect={{ .Values.leaderElection.enabled }}");
    }

    [Theory]
    [InlineData("runAsNonRoot: true")]
    [InlineData("runAsUser: 1654")]
    [InlineData("type: RuntimeDefault")]
    [InlineData("allowPrivilegeEscalation: false")]
    [InlineData("readOnlyRootFilesystem: true")]
    [InlineData("drop: [ALL]")]
    [InlineData("path: /healthz")]
    [InlineData("path: /readyz")]
    [InlineData("mountPath: /tmp")]
    public void Pod_is_restricted_and_probed(string line)
    {
        Template.ShouldContain(line);
    }

    [Fact]
    public void Default_resources_set_requests_and_a_memory_limit()
    {
        var resources = ChartFiles.Values["resources"]!;
        resources["requests"]!["cpu"].ShouldNotBeNull();
        resources["requests"]!["memory"].ShouldNotBeNull();
        resources["limits"]!["memory"].ShouldNotBeNull();
    }
}
