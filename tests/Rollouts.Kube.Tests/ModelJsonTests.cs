using System.Text.Json.Nodes;

namespace Rollouts.Kube.Tests;

public sealed class ModelJsonTests
{
    [Fact]
    public void HttpRoute_uses_the_gateway_api_field_names_and_omits_nulls()
    {
        var route = new HttpRoute
        {
            Metadata = new ObjectMeta { Name = "iris", Namespace = "ml" },
            Spec = new HttpRouteSpec
            {
                ParentRefs = [new ParentReference { Name = "gw" }],
                Hostnames = ["iris.example"],
                Rules =
                [
                    new HttpRouteRule
                    {
                        Matches = [new HttpRouteMatch { Path = new HttpPathMatch { Type = "PathPrefix", Value = "/v2" } }],
                        BackendRefs = [new HttpBackendRef { Name = "iris-stable", Port = 80, Weight = 90 }, new HttpBackendRef { Name = "iris-canary", Port = 80, Weight = 10 }],
                    },
                ],
            },
        };
        var json = JsonNode.Parse(KubeJson.Serialize(route))!;
        json["apiVersion"]!.GetValue<string>().ShouldBe("gateway.networking.k8s.io/v1");
        json["kind"]!.GetValue<string>().ShouldBe("HTTPRoute");
        json["spec"]!["parentRefs"]![0]!["name"]!.GetValue<string>().ShouldBe("gw");
        json["spec"]!["rules"]![0]!["backendRefs"]![1]!["weight"]!.GetValue<int>().ShouldBe(10);
        json["spec"]!["rules"]![0]!["matches"]![0]!["path"]!["type"]!.GetValue<string>().ShouldBe("PathPrefix");
        json["status"].ShouldBeNull();
        json["metadata"]!.AsObject().ContainsKey("uid").ShouldBeFalse();
    }

    [Fact]
    public void Unknown_fields_round_trip_and_special_names_are_kept()
    {
        const string text = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","managedFields":[{"manager":"m"}]},"spec":{"containers":[{"name":"c","ports":[{"containerPort":8080,"name":"http","protocol":"TCP"}],"readinessProbe":{"httpGet":{"path":"/v2/health/ready","port":"http"}}}],"priority":5},"status":{"podIP":"10.0.0.7","hostIP":"10.0.0.1","phase":"Running","qosClass":"BestEffort"}}""";
        var pod = KubeJson.Deserialize<Pod>(text);
        pod.Spec!.Containers[0].Ports![0].Port.ShouldBe(8080);
        pod.Spec.Containers[0].ReadinessProbe!.HttpGet!.Port.StringValue.ShouldBe("http");
        pod.Status!.PodIP.ShouldBe("10.0.0.7");
        var back = JsonNode.Parse(KubeJson.Serialize(pod))!;
        JsonNode.DeepEquals(back, JsonNode.Parse(text)).ShouldBeTrue(back.ToJsonString());
    }

    [Fact]
    public void Times_are_written_as_RFC3339_UTC_and_lease_times_with_microseconds()
    {
        var at = new DateTimeOffset(2026, 11, 21, 17, 30, 5, 123, TimeSpan.FromHours(2)).AddTicks(4567);
        var condition = new Condition { Type = "Ready", Status = ConditionStatus.True, LastTransitionTime = at };
        JsonNode.Parse(KubeJson.Serialize(condition))!["lastTransitionTime"]!.GetValue<string>().ShouldBe("2026-11-21T15:30:05Z");
        var lease = new Lease { Spec = new LeaseSpec { RenewTime = at } };
        JsonNode.Parse(KubeJson.Serialize(lease))!["spec"]!["renewTime"]!.GetValue<string>().ShouldBe("2026-11-21T15:30:05.123456Z");
        KubeJson.Deserialize<Lease>("""{"spec":{"renewTime":"2026-11-21T15:30:05.123456Z"}}""").Spec.RenewTime!.Value.Millisecond.ShouldBe(123);
    }

    [Fact]
    public void IntOrString_reads_and_writes_both_forms()
    {
        KubeJson.Deserialize<ServicePort>("""{"port":80,"targetPort":8080}""").TargetPort!.Value.IntValue.ShouldBe(8080);
        KubeJson.Deserialize<ServicePort>("""{"port":80,"targetPort":"http"}""").TargetPort!.Value.StringValue.ShouldBe("http");
        KubeJson.Serialize(new RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = 0 }).ShouldBe("""{"maxUnavailable":0,"maxSurge":"25%"}""");
    }

    [Theory]
    [InlineData("ns/name", "ns", "name")]
    [InlineData("name", null, "name")]
    public void ObjectKey_parses_and_prints(string text, string? ns, string name)
    {
        var key = ObjectKey.Parse(text);
        key.ShouldBe(new ObjectKey(ns, name));
        key.ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b/c")]
    [InlineData("/x")]
    public void ObjectKey_refuses_malformed_keys(string text) => Should.Throw<FormatException>(() => ObjectKey.Parse(text));

    [Fact]
    public void Label_selector_renders_as_a_query()
    {
        var selector = new LabelSelector
        {
            MatchLabels = new() { ["app"] = "iris" },
            MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "In", Values = ["a", "b"] }, new LabelSelectorRequirement { Key = "legacy", Operator = "DoesNotExist" }],
        };
        selector.ToString().ShouldBe("app=iris,tier in (a,b),!legacy");
    }

    [Fact]
    public void Status_reasons_map_from_reason_strings_and_codes()
    {
        KubeApiException.Classify(new KubeStatus { Reason = "Expired", Code = 410 }).ShouldBe(StatusReason.Gone);
        KubeApiException.Classify(new KubeStatus { Reason = "AlreadyExists", Code = 409 }).ShouldBe(StatusReason.AlreadyExists);
        KubeApiException.Classify(new KubeStatus { Code = 409 }).ShouldBe(StatusReason.Conflict);
        KubeApiException.Classify(new KubeStatus { Code = 418 }).ShouldBe(StatusReason.Unknown);
    }
}
