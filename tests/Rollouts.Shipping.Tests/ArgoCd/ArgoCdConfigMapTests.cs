using Rollouts.Testing;
using YamlDotNet.RepresentationModel;

namespace Rollouts.Shipping.Tests.ArgoCd;

/// <summary>charts/argocd/argocd-cm.yaml carries exactly the .lua files (regenerate with charts/argocd/render.sh).</summary>
public sealed class ArgoCdConfigMapTests
{
    private const string HealthKey = "resource.customizations.health.ml.rollouts.dev_ModelDeployment";
    private const string ActionsKey = "resource.customizations.actions.ml.rollouts.dev_ModelDeployment";

    private static YamlMappingNode Data()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryPaths.InRepo("charts/argocd/argocd-cm.yaml"))));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        ((YamlScalarNode)root["kind"]).Value.ShouldBe("ConfigMap");
        ((YamlScalarNode)root["metadata"]["name"]).Value.ShouldBe("argocd-cm");
        return (YamlMappingNode)root["data"];
    }

    private static string Script(params string[] parts) => File.ReadAllText(Path.Combine([ArgoLua.ScriptFolder, .. parts]));

    [Fact]
    public void Health_key_holds_health_lua()
    {
        ((YamlScalarNode)Data()[HealthKey]).Value.ShouldBe(Script("health.lua"), "run charts/argocd/render.sh");
    }

    [Fact]
    public void Actions_key_holds_discovery_and_every_action_in_order()
    {
        var text = ((YamlScalarNode)Data()[ActionsKey]).Value!;
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var actions = (YamlMappingNode)stream.Documents.Single().RootNode;

        ((YamlScalarNode)actions["discovery.lua"]).Value.ShouldBe(Script("actions", "discovery.lua"), "run charts/argocd/render.sh");
        var definitions = ((YamlSequenceNode)actions["definitions"]).Children.Cast<YamlMappingNode>().ToList();
        definitions.Select(d => ((YamlScalarNode)d["name"]).Value).ShouldBe(ArgoLua.ActionNames);
        foreach (var d in definitions)
        {
            var name = ((YamlScalarNode)d["name"]).Value!;
            ((YamlScalarNode)d["action.lua"]).Value.ShouldBe(Script("actions", name, "action.lua"), $"{name}: run charts/argocd/render.sh");
        }
    }
}
