using Rollouts.Api;
using Rollouts.Kube;
using Rollouts.Operator.Traffic;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Traffic;

public sealed class RouterRenderingTests
{
    private static TrafficTarget Target(ModelDeploymentSpec spec) =>
        new(new ModelDeployment { Metadata = new V1ObjectMeta { Name = "iris", NamespaceProperty = "m", Uid = "u" }, Spec = spec }, "iris-stable", "iris-canary", "s1", "c1");

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    [InlineData(100)]
    public void The_owned_route_splits_between_the_stable_and_canary_services(int weight)
    {
        var spec = Canary("1", Weight(10)) with { TrafficRouting = new() { GatewayApi = new() { ParentRefs = [new() { Name = "public", Namespace = "gw" }], Hostnames = ["iris.example.com"], PathPrefix = "/v2" } } };
        var route = GatewayApiRouter.Render(Target(spec), weight);
        route.Metadata.Name.ShouldBe("iris");
        route.Spec!.ParentRefs!.Single().Namespace.ShouldBe("gw");
        route.Spec.Hostnames.ShouldBe(["iris.example.com"]);
        var rule = route.Spec.Rules!.Single();
        rule.Matches!.Single().Path!.Value.ShouldBe("/v2");
        rule.BackendRefs!.Select(b => (b.Name, b.Weight)).ShouldBe([("iris-stable", 100 - weight), ("iris-canary", weight)]);
        GatewayApiRouter.ReadWeight(route, "iris-stable", "iris-canary").ShouldBe(weight);
    }

    [Fact]
    public void A_header_route_is_a_rule_to_the_canary_before_the_weighted_rule_and_the_weight_read_back_ignores_it()
    {
        var spec = Canary("1", Weight(10)) with { TrafficRouting = new() { GatewayApi = new() { ParentRefs = [new() { Name = "public" }], PathPrefix = "/v2" } } };
        var header = new global::Rollouts.Api.Strategy.HeaderRouteStep { Name = "x-user-group", Value = "beta", Type = "RegularExpression" };
        var route = GatewayApiRouter.Render(Target(spec) with { Header = header }, 20);
        route.Spec!.Rules!.Count.ShouldBe(2);
        var cohort = route.Spec.Rules[0];
        var match = cohort.Matches!.Single();
        match.Path!.Value.ShouldBe("/v2"); // the cohort's rule matches the same paths as the weighted one
        match.Headers!.Single().ShouldBe(new HttpHeaderMatch { Type = "RegularExpression", Name = "x-user-group", Value = "beta" });
        cohort.BackendRefs!.Select(b => (b.Name, b.Weight)).ShouldBe([("iris-canary", 100)]);
        route.Spec.Rules[1].BackendRefs!.Select(b => (b.Name, b.Weight)).ShouldBe([("iris-stable", 80), ("iris-canary", 20)]);
        GatewayApiRouter.ReadWeight(route, "iris-stable", "iris-canary").ShouldBe(20);

        GatewayApiRouter.Render(Target(spec) with { Header = header with { Value = null } }, 20).Spec!.Rules!.Count.ShouldBe(1);

        // A user's rule that matches a header but splits between both Services is a weighted rule, and counts.
        var user = new HttpRoute { Spec = new HttpRouteSpec { Rules = [new HttpRouteRule
        {
            Matches = [new HttpRouteMatch { Headers = [new HttpHeaderMatch { Name = "x-tenant", Value = "a" }] }],
            BackendRefs = [new HttpBackendRef { Name = "iris-stable", Weight = 70 }, new HttpBackendRef { Name = "iris-canary", Weight = 30 }],
        }] } };
        GatewayApiRouter.ReadWeight(user, "iris-stable", "iris-canary").ShouldBe(30);
    }

    [Fact]
    public void Reading_a_route_without_the_backends_gives_null()
    {
        var route = new HttpRoute { Spec = new HttpRouteSpec { Rules = [new HttpRouteRule { BackendRefs = [new HttpBackendRef { Name = "other", Weight = 1 }] }] } };
        GatewayApiRouter.ReadWeight(route, "iris-stable", "iris-canary").ShouldBeNull();
    }

    [Theory]
    [InlineData(0, "s1")]
    [InlineData(100, "c1")]
    [InlineData(30, null)]
    public void The_replica_ratio_service_selects_by_weight_and_reads_back(int weight, string? revision)
    {
        var target = Target(Canary("1", Weight(10)) with { TrafficRouting = null });
        var svc = ReplicaRatioRouter.Render(target, weight);
        svc.Metadata.Name.ShouldBe("iris");
        svc.Spec.Selector.ValueOrDefault(ModelDeploymentAnnotations.RevisionLabel).ShouldBe(revision);
        svc.Spec.Selector![ModelDeploymentAnnotations.DeploymentLabel].ShouldBe("iris");
        ReplicaRatioRouter.ReadWeight(svc, target).ShouldBe(weight);
    }
}
