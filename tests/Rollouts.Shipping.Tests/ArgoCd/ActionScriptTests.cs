using System.Text.Json.Nodes;
using Rollouts.Api;
using Rollouts.Shipping.Tests.Support;

namespace Rollouts.Shipping.Tests.ArgoCd;

public sealed class ActionScriptTests
{
    public static TheoryData<string> Actions => new(ArgoLua.ActionNames);

    [Fact]
    public void Every_action_has_a_script_and_no_other_action_script_exists()
    {
        var folders = Directory.GetDirectories(Path.Combine(ArgoLua.ScriptFolder, "actions")).Select(Path.GetFileName).Order();
        folders.ShouldBe(ArgoLua.ActionNames.Order());
        foreach (var name in ArgoLua.ActionNames)
        {
            File.Exists(Path.Combine(ArgoLua.ScriptFolder, "actions", name, "action.lua")).ShouldBeTrue(name);
        }
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Action_sets_the_operator_annotation_when_there_are_no_annotations(string name)
    {
        var obj = ArgoLua.ToJson(Statuses.Object(Statuses.Progressing));
        obj["metadata"]!.AsObject().ContainsKey("annotations").ShouldBeFalse();

        var result = await ArgoLua.ActionAsync(name, obj);

        result["metadata"]!["annotations"]![ModelDeploymentAnnotations.Action]!.GetValue<string>().ShouldBe(name);
        result["status"]!["canaryWeight"]!.GetValue<int>().ShouldBe(20, "the action must not touch anything else");
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Action_keeps_other_annotations_and_replaces_a_pending_action(string name)
    {
        var annotations = new Dictionary<string, string> { ["team"] = "ml", [ModelDeploymentAnnotations.Action] = "pause" };
        var result = await ArgoLua.ActionAsync(name, ArgoLua.ToJson(Statuses.Object(Statuses.Paused, annotations: annotations)));

        var after = result["metadata"]!["annotations"]!.AsObject();
        after["team"]!.GetValue<string>().ShouldBe("ml");
        after[ModelDeploymentAnnotations.Action]!.GetValue<string>().ShouldBe(name);
        after.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Sandbox_refuses_the_string_library_as_Argo_CD_does()
    {
        var script = Path.Combine(Path.GetTempPath(), $"uses-string-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, "local hs = {}\nhs.status = (\"healthy\"):upper()\nreturn hs\n");
        try
        {
            await Should.ThrowAsync<LuaScriptException>(() => ArgoLua.RunAsync(script, new JsonObject()));
        }
        finally
        {
            File.Delete(script);
        }
    }
}
