using k8s.Models;
using Rollouts.Kube;
using Rollouts.LocalCluster.Traffic;

namespace Rollouts.LocalCluster.Tests;

public sealed class RoutingTableBuilderTests
{
    private static readonly V1Pod[] Pods =
    [
        Objects.Pod("iris-a-1", "1.0.0", ready: true, "127.0.1.2"),
        Objects.Pod("iris-a-2", "1.0.0", ready: false, "127.0.1.3"),
        Objects.Pod("iris-b-1", "2.0.0", ready: true, "127.0.1.4"),
        Objects.Pod("iris-b-2", "2.0.0", ready: true, "127.0.1.5", deleting: true),
        Objects.Pod("iris-b-3", "2.0.0", ready: true, "127.0.1.6", phase: "Pending"),
    ];

    [Fact]
    public void A_service_resolves_to_its_ready_running_non_terminating_pods()
    {
        var endpoints = RoutingTableBuilder.Resolve(Objects.Service("iris-canary", "2.0.0"), Pods, 8080);
        endpoints.Select(e => e.Pod).ShouldBe(["iris-b-1"]);
        endpoints[0].Address.ShouldBe(new Uri("http://127.0.1.4:8080"));
        endpoints[0].Version.ShouldBe("2.0.0");
    }

    [Fact]
    public void A_route_splits_by_backend_weights()
    {
        var route = new HttpRoute
        {
            Metadata = new V1ObjectMeta { Name = "iris", NamespaceProperty = "demo" },
            Spec = new HttpRouteSpec
            {
                Rules = [new HttpRouteRule { BackendRefs = [new HttpBackendRef { Name = "iris-stable", Weight = 70 }, new HttpBackendRef { Name = "iris-canary", Weight = 30 }] }],
            },
        };
        var table = RoutingTableBuilder.Build(route, "iris", [Objects.Service("iris-stable", "1.0.0"), Objects.Service("iris-canary", "2.0.0")], Pods, 8080);

        table.Backends.Select(b => (b.Service, b.Weight, b.Endpoints.Count)).ShouldBe([("iris-stable", 70, 1), ("iris-canary", 30, 1)]);
        table.PercentTo("2.0.0").ShouldBe(30, 0.001);
        var random = new Random(1);
        var toCanary = Enumerable.Range(0, 10_000).Count(_ => table.Pick(random)!.Version == "2.0.0");
        (toCanary / 10_000.0).ShouldBe(0.3, 0.03);
    }

    [Fact]
    public void Without_a_route_the_root_service_takes_everything()
    {
        var root = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "iris", NamespaceProperty = "demo" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["ml.rollouts.dev/deployment"] = "iris" } },
        };
        var table = RoutingTableBuilder.Build(null, "iris", [root], Pods, 8080);
        table.Backends.Single().Endpoints.Select(e => e.Pod).ShouldBe(["iris-a-1", "iris-b-1"]);
        table.PercentTo("1.0.0").ShouldBe(50, 0.001);
    }

    [Fact]
    public void A_backend_with_no_ready_pod_yields_no_endpoint()
    {
        var table = new RoutingTable([new Backend("iris-canary", 100, [])], "test");
        table.Pick(new Random(1)).ShouldBeNull();
        RoutingTable.Empty.Pick(new Random(1)).ShouldBeNull();
    }

    [Theory]
    [InlineData("Exact", "beta", "beta", true)]
    [InlineData("Exact", "beta", "Beta", false)]
    [InlineData(null, "beta", "beta", true)]
    [InlineData("RegularExpression", "beta|gamma", "gamma", true)]
    [InlineData("RegularExpression", "beta", "beta-2", false)]
    [InlineData("RegularExpression", "(unclosed", "(unclosed", false)]
    public void A_header_rule_before_the_weighted_rule_takes_matching_requests(string? type, string value, string sent, bool toCanary)
    {
        var route = new HttpRoute
        {
            Metadata = new V1ObjectMeta { Name = "iris", NamespaceProperty = "demo" },
            Spec = new HttpRouteSpec
            {
                Rules =
                [
                    new HttpRouteRule
                    {
                        Matches = [new HttpRouteMatch { Headers = [new HttpHeaderMatch { Type = type, Name = "x-user-group", Value = value }] }],
                        BackendRefs = [new HttpBackendRef { Name = "iris-canary", Weight = 100 }],
                    },
                    new HttpRouteRule { BackendRefs = [new HttpBackendRef { Name = "iris-stable", Weight = 100 }, new HttpBackendRef { Name = "iris-canary", Weight = 0 }] },
                ],
            },
        };
        var table = RoutingTableBuilder.Build(route, "iris", [Objects.Service("iris-stable", "1.0.0"), Objects.Service("iris-canary", "2.0.0")], Pods, 8080);

        table.Backends.Select(b => b.Service).ShouldBe(["iris-stable", "iris-canary"], "the weighted split is the rule without header matches");
        table.PercentTo("2.0.0").ShouldBe(0);
        var random = new Random(1);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-User-Group"] = sent };
        Enumerable.Range(0, 100).Select(_ => table.Pick(random, headers)!.Version).Distinct().ShouldBe([toCanary ? "2.0.0" : "1.0.0"]);
        Enumerable.Range(0, 100).Select(_ => table.Pick(random)!.Version).Distinct().ShouldBe(["1.0.0"]);
    }
}
