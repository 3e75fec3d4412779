using System.Text.Json.Nodes;
using Rollouts.Kube;
using Rollouts.Shipping.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.ArgoCd;

/// <summary>
/// Runs the shipped Argo CD Lua scripts (charts/argocd/ml.rollouts.dev/ModelDeployment/) under Debian's lua5.1 in a
/// sandbox that mirrors Argo CD's (argocd-sandbox.lua: base, table and os only; no string methods).
/// </summary>
public static class ArgoLua
{
    /// <summary>Folder of the scripts, laid out as Argo CD's resource_customizations/&lt;group&gt;/&lt;kind&gt;/.</summary>
    public static string ScriptFolder => RepositoryPaths.InRepo("charts/argocd/ml.rollouts.dev/ModelDeployment");

    /// <summary>The six actions the operator consumes through the ml.rollouts.dev/action annotation.</summary>
    public static readonly string[] ActionNames = ["promote", "promote-full", "abort", "retry", "pause", "resume"];

    /// <summary>Runs <c>health.lua</c> on <paramref name="obj"/>.</summary>
    public static Task<(string Status, string? Message)> HealthAsync(IKubernetesObject<V1ObjectMeta> obj) => HealthAsync(ToJson(obj));

    /// <summary>Runs <c>health.lua</c> on <paramref name="obj"/> as JSON (e.g. exactly what the API server returned).</summary>
    public static async Task<(string Status, string? Message)> HealthAsync(JsonNode obj)
    {
        var result = (JsonObject)(await RunAsync(Path.Combine(ScriptFolder, "health.lua"), obj))!;
        return ((string)result["status"]!, (string?)result["message"]);
    }

    /// <summary>Runs <c>actions/discovery.lua</c>; returns the enabled action names, sorted.</summary>
    public static Task<IReadOnlyList<string>> EnabledActionsAsync(IKubernetesObject<V1ObjectMeta> obj) => EnabledActionsAsync(ToJson(obj));

    /// <summary>Runs <c>actions/discovery.lua</c> on <paramref name="obj"/> as JSON; returns the enabled action names, sorted.</summary>
    public static async Task<IReadOnlyList<string>> EnabledActionsAsync(JsonNode obj)
    {
        var result = (JsonObject)(await RunAsync(Path.Combine(ScriptFolder, "actions", "discovery.lua"), obj))!;
        result.Select(p => p.Key).Order().ShouldBe(ActionNames.Order(), "discovery must list every action");
        return result.Where(p => p.Value?["disabled"]?.GetValue<bool>() != true).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Runs <c>actions/NAME/action.lua</c>; returns the object the action hands back to Argo CD.</summary>
    public static async Task<JsonObject> ActionAsync(string name, JsonNode obj) =>
        (JsonObject)(await RunAsync(Path.Combine(ScriptFolder, "actions", name, "action.lua"), obj))!;

    /// <summary>Serializes a typed object the way the API server returns it (wire JSON).</summary>
    public static JsonNode ToJson(IKubernetesObject<V1ObjectMeta> obj) => JsonNode.Parse(KubernetesJson.Serialize(obj))!;

    /// <summary>Runs any script on <paramref name="obj"/> in the sandbox; its return value as JSON.</summary>
    /// <exception cref="LuaScriptException">The script raised an error (or did not load).</exception>
    public static async Task<JsonNode?> RunAsync(string script, JsonNode obj)
    {
        var objectFile = Path.Combine(Path.GetTempPath(), $"argocd-obj-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(objectFile, "return " + LuaLiteral.From(obj) + "\n");
        try
        {
            var sandbox = Path.Combine(AppContext.BaseDirectory, "ArgoCd", "argocd-sandbox.lua");
            var result = await ProcessRunner.RunAsync("lua5.1", [sandbox, script, objectFile], TimeSpan.FromSeconds(60));
            if (result.ExitCode != 0)
            {
                throw new LuaScriptException($"{Path.GetFileName(script)} failed (exit {result.ExitCode}): {result.StandardError}");
            }

            return JsonNode.Parse(result.StandardOutput);
        }
        finally
        {
            File.Delete(objectFile);
        }
    }
}
