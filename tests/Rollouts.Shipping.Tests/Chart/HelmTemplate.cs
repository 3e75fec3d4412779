using System.Text.Json.Nodes;
using Rollouts.Shipping.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Chart;

/// <summary>
/// Renders charts/model-rollouts like <c>helm template</c> with Go's text/template (Helm's engine) through
/// gotemplate/main.go, which supplies the few Helm functions the chart uses. No helm binary exists here; Go does
/// (dev/install-deps.sh installs golang-go for the control plane).
/// </summary>
public static class HelmTemplate
{
    /// <summary>The rendered manifest and its objects for values.yaml merged with <paramref name="overrides"/> (Helm's merge).</summary>
    /// <exception cref="HelmTemplateException">A template failed (parse error, <c>fail</c>).</exception>
    public static async Task<(string Text, IReadOnlyList<JsonObject> Objects)> RenderAsync(JsonObject? overrides = null, string release = "model-rollouts", string ns = "model-rollouts")
    {
        var values = ChartFiles.Values;
        if (overrides is not null)
        {
            Merge(values, overrides);
        }

        var chart = YamlJson.Document(File.ReadAllText(ChartFiles.InChart("Chart.yaml")));
        var context = new JsonObject
        {
            ["Values"] = values,
            ["Chart"] = new JsonObject { ["Name"] = chart["name"]!.DeepClone(), ["Version"] = chart["version"]!.DeepClone(), ["AppVersion"] = chart["appVersion"]!.DeepClone() },
            ["Release"] = new JsonObject { ["Name"] = release, ["Namespace"] = ns, ["Service"] = "Helm" },
        };
        var file = Path.Combine(Path.GetTempPath(), $"helm-context-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, context.ToJsonString());
        try
        {
            var r = await ProcessRunner.RunAsync(
                "go",
                ["run", RepositoryPaths.InRepo("tests/Rollouts.Shipping.Tests/Chart/gotemplate/main.go"), ChartFiles.Chart, file],
                TimeSpan.FromMinutes(5),
                new Dictionary<string, string> { ["GO111MODULE"] = "off", ["GOFLAGS"] = "" });
            if (r.ExitCode != 0)
            {
                throw new HelmTemplateException(r.StandardError.Trim());
            }

            return (r.StandardOutput, YamlJson.Documents(r.StandardOutput).Select(d => d.AsObject()).ToList());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Merge(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, value) in overlay.ToList())
        {
            if (value is JsonObject o && target[key] is JsonObject t)
            {
                Merge(t, o);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
