using System.Text.Json.Nodes;
using Rollouts.Shipping.Tests.Support;

namespace Rollouts.Shipping.Tests.Chart;

/// <summary>The operator's permissions are exactly what it needs: no wildcard, no Secrets; ConfigMaps only to apply the shadow ConfigMap.</summary>
public sealed class RbacTests
{
    private static readonly (string Group, string Resource, string[] Verbs)[] Operator =
    [
        ("ml.rollouts.dev", "modeldeployments", ["get", "list", "watch", "patch", "update"]),
        ("ml.rollouts.dev", "modeldeployments/status", ["patch", "update"]),
        ("apps", "deployments", ["get", "list", "watch", "create", "patch", "update", "delete"]),
        ("", "services", ["get", "list", "watch", "create", "patch", "update", "delete"]),
        // The shadow ConfigMap of a shadow step (applied, never deleted: garbage-collected with its owner).
        ("", "configmaps", ["get", "list", "watch", "create", "patch"]),
        // The HPA of spec.serving.autoscaling (watched namespaces only, as every rule here).
        ("autoscaling", "horizontalpodautoscalers", ["get", "list", "watch", "create", "patch", "update", "delete"]),
        ("gateway.networking.k8s.io", "httproutes", ["get", "list", "watch", "create", "patch", "update", "delete"]),
        // KubeEventRecorder reads an Event before bumping its count with a merge patch.
        ("", "events", ["get", "create", "patch"]),
    ];

    private static readonly (string Group, string Resource, string[] Verbs)[] LeaderElection =
    [
        ("coordination.k8s.io", "leases", ["get", "create", "update"]),
        ("", "events", ["get", "create", "patch"]),
    ];

    [Fact]
    public void Operator_rules_are_exactly_the_needed_ones()
    {
        Flatten(ChartFiles.Rules("operator")).ShouldBe(Operator.Select(r => (r.Group, r.Resource, string.Join(',', r.Verbs))).ToList());
    }

    [Fact]
    public void Leader_election_rules_are_exactly_the_needed_ones()
    {
        Flatten(ChartFiles.Rules("leader-election")).ShouldBe(LeaderElection.Select(r => (r.Group, r.Resource, string.Join(',', r.Verbs))).ToList());
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("leader-election")]
    public void No_wildcards_no_secrets(string file)
    {
        foreach (var (group, resource, verbs) in Flatten(ChartFiles.Rules(file)))
        {
            group.ShouldNotContain('*');
            resource.ShouldNotContain('*');
            verbs.ShouldNotContain('*');
            resource.ShouldNotBe("secrets");
        }
    }

    /// <summary>(apiGroup, resource, verbs) per resource, in file order; one group per rule as the files are written.</summary>
    public static List<(string Group, string Resource, string Verbs)> Flatten(JsonArray rules) =>
        rules.SelectMany(r =>
        {
            var groups = r!["apiGroups"]!.AsArray().Select(g => (string)g!).ToList();
            groups.Count.ShouldBe(1, "one API group per rule");
            var verbs = string.Join(',', r["verbs"]!.AsArray().Select(v => (string)v!));
            return r["resources"]!.AsArray().Select(res => (groups[0], (string)res!, verbs));
        }).ToList();
}
