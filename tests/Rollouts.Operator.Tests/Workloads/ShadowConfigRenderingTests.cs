using System.Text.Json;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Workloads;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Workloads;

/// <summary>The shadow ConfigMap (seams S1): name, owner, and the shadow.json the serving pods read.</summary>
public sealed class ShadowConfigRenderingTests
{
    [Fact]
    public void The_configmap_names_the_canary_service_revision_compare_and_tolerance_and_is_owned()
    {
        var owner = Owners.Of(Canary("2.0.0", Shadow(10)));
        var cm = ShadowConfigRenderer.Render(owner, new ShadowPlan("c0ffee1234", 10, "Argmax", 0.01));
        cm.Metadata.Name.ShouldBe("iris-shadow");
        cm.Metadata.NamespaceProperty.ShouldBe("models");
        cm.Metadata.OwnerReferences!.Single().Uid.ShouldBe("uid-1");
        cm.Metadata.OwnerReferences!.Single().Controller.ShouldBe(true);
        cm.Metadata.Labels!["app.kubernetes.io/managed-by"].ShouldBe("model-rollouts");
        var json = JsonDocument.Parse(cm.Data!.Single(kv => kv.Key == "shadow.json").Value).RootElement;
        json.GetProperty("percent").GetInt32().ShouldBe(10);
        json.GetProperty("targetUrl").GetString().ShouldBe("http://iris-canary.models.svc:80");
        json.GetProperty("targetRevision").GetString().ShouldBe("c0ffee1234");
        json.GetProperty("compare").GetString().ShouldBe("Argmax");
        json.GetProperty("tolerance").GetDouble().ShouldBe(0.01);
    }

    [Fact]
    public void Off_is_percent_0_and_nothing_else()
    {
        var cm = ShadowConfigRenderer.Render(Owners.Of(Canary("2.0.0")), null);
        cm.Data!["shadow.json"].ShouldBe("""{"percent":0}""");
    }
}
