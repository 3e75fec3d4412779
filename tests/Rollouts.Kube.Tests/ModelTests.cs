using System.Text.Json.Nodes;

namespace Rollouts.Kube.Tests;

/// <summary>What remains ours next to KubernetesClient's models: the Gateway API records, keys, resource coordinates and the request classification.</summary>
public sealed class ModelTests
{
    [Fact]
    public void HttpRoute_uses_the_gateway_api_field_names_omits_nulls_and_keeps_unmodelled_fields()
    {
        const string text = """
            {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"iris","namespace":"ml"},
             "spec":{"parentRefs":[{"name":"gw"}],"hostnames":["iris.example"],
                     "rules":[{"matches":[{"path":{"type":"PathPrefix","value":"/v2"},"method":"POST"}],
                               "filters":[{"type":"RequestHeaderModifier","requestHeaderModifier":{"set":[{"name":"x","value":"y"}]}}],
                               "backendRefs":[{"name":"iris-stable","port":80,"weight":90},{"name":"iris-canary","port":80,"weight":10}]}]}}
            """;
        var route = KubernetesJson.Deserialize<HttpRoute>(text);
        route.Spec.Rules![0].BackendRefs![1].Weight.ShouldBe(10);
        route.Spec.Rules[0].Matches![0].Path!.Type.ShouldBe("PathPrefix");
        route.Status.ShouldBeNull();

        route.Spec.Rules[0].BackendRefs![1].Weight = 30;
        var back = JsonNode.Parse(KubernetesJson.Serialize(route))!;
        back["spec"]!["rules"]![0]!["backendRefs"]![1]!["weight"]!.GetValue<int>().ShouldBe(30);
        back["spec"]!["rules"]![0]!["filters"]![0]!["type"]!.GetValue<string>().ShouldBe("RequestHeaderModifier"); // kept verbatim
        back["spec"]!["rules"]![0]!["matches"]![0]!["method"]!.GetValue<string>().ShouldBe("POST");
        back.AsObject().ContainsKey("status").ShouldBeFalse();
        back["metadata"]!.AsObject().ContainsKey("uid").ShouldBeFalse();
        new HttpRoute().ApiVersion.ShouldBe("gateway.networking.k8s.io/v1");
    }

    [Fact]
    public void Resource_coordinates_come_from_the_entity_attribute()
    {
        KubeResource.Of<V1Deployment>().ShouldBe(new KubeResource("apps", "v1", "deployments", "Deployment"));
        KubeResource.Of<V1Pod>().ApiVersion.ShouldBe("v1");
        KubeResource.Of<V1Lease>().ApiVersion.ShouldBe("coordination.k8s.io/v1");
        KubeResource.Of<HttpRoute>().ShouldBe(new KubeResource("gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute"));
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
    public void Status_reasons_map_from_reason_strings_and_codes()
    {
        KubeApiException.Classify(new V1Status { Reason = "Expired", Code = 410 }).ShouldBe(StatusReason.Gone);
        KubeApiException.Classify(new V1Status { Reason = "AlreadyExists", Code = 409 }).ShouldBe(StatusReason.AlreadyExists);
        KubeApiException.Classify(new V1Status { Code = 409 }).ShouldBe(StatusReason.Conflict);
        KubeApiException.Classify(new V1Status { Code = 418 }).ShouldBe(StatusReason.Unknown);
    }

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/ns/pods", null, "list", "pods")]
    [InlineData("GET", "/api/v1/namespaces/ns/pods?watch=true&resourceVersion=5", null, "watch", "pods")]
    [InlineData("GET", "/api/v1/namespaces/ns/pods/p", null, "get", "pods")]
    [InlineData("GET", "/api/v1/namespaces/ns", null, "get", "namespaces")]
    [InlineData("GET", "/api/v1/nodes", null, "list", "nodes")]
    [InlineData("PATCH", "/api/v1/namespaces/ns/pods/p/status", "application/merge-patch+json", "patch", "pods/status")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/ns/deployments/d?fieldManager=m&force=true", "application/apply-patch+yaml", "apply", "deployments")]
    [InlineData("PATCH", "/apis/ml.rollouts.dev/v1alpha1/namespaces/ns/modeldeployments/m/status", "application/merge-patch+json", "patch", "modeldeployments/status")]
    [InlineData("POST", "/api/v1/namespaces/ns/events", "application/json", "create", "events")]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/l", "application/json", "update", "leases")]
    [InlineData("DELETE", "/apis/apps/v1/namespaces/ns/deployments/d", null, "delete", "deployments")]
    [InlineData("GET", "/version", null, "list", "")]
    public void Requests_are_classified_by_verb_and_resource(string method, string pathAndQuery, string? contentType, string verb, string resource)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(new Uri("https://127.0.0.1:6443"), pathAndQuery));
        if (contentType is not null)
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, contentType);
        }

        KubeRequest.Of(request).ShouldBe(new KubeRequest(verb, resource));
    }
}
