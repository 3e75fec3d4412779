using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rollouts.Shipping.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Chart;

/// <summary>charts/install.yaml is up to date and says what the chart says with default values.</summary>
public sealed partial class InstallManifestTests
{
    /// <summary>
    /// The documented substitution of the Deployment template's argument expressions by default values — the same
    /// one charts/render-install.sh applies. An expression missing here fails the test.
    /// </summary>
    private static Dictionary<string, string> Defaults()
    {
        var v = ChartFiles.Values;
        string Image(string key) => $"{(string)v[key]!["repository"]!}:{(((string?)v[key]!["tag"]) is { Length: > 0 } t ? t : ChartFiles.AppVersion)}";
        return new()
        {
            ["{{ .Values.leaderElection.enabled }}"] = ((bool)v["leaderElection"]!["enabled"]!) ? "true" : "false",
            ["{{ join \",\" .Values.watchNamespaces }}"] = string.Join(',', v["watchNamespaces"]!.AsArray().Select(n => (string)n!)),
            ["{{ .Values.prometheus.address }}"] = (string)v["prometheus"]!["address"]!,
            ["{{ include \"model-rollouts.servingImage\" . }}"] = Image("servingImage"),
            ["{{ include \"model-rollouts.image\" . }}"] = Image("image"),
            ["{{ .Values.metricsPort }}"] = ((int)v["metricsPort"]!).ToString(CultureInfo.InvariantCulture),
            ["{{ .Values.kubeApi.qps }}"] = ((double)v["kubeApi"]!["qps"]!).ToString(CultureInfo.InvariantCulture),
            ["{{ .Values.kubeApi.burst }}"] = ((int)v["kubeApi"]!["burst"]!).ToString(CultureInfo.InvariantCulture),
            ["{{ .Values.workers }}"] = ((int)v["workers"]!).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static string Render(string templated)
    {
        foreach (var (expr, value) in Defaults())
        {
            templated = templated.Replace(expr, value, StringComparison.Ordinal);
        }

        templated.ShouldNotContain("{{", customMessage: "an expression without a documented default substitution");
        return templated;
    }

    private static JsonObject Container => InstallObject("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();

    private static JsonObject InstallObject(string kind, string? name = null) => ChartFiles.InstallObject(kind, name);

    [Fact]
    public async Task Install_manifest_is_what_render_install_sh_writes_now()
    {
        var temp = Path.Combine(Path.GetTempPath(), $"install-{Guid.NewGuid():N}.yaml");
        try
        {
            var r = await ProcessRunner.RunAsync("bash", [RepositoryPaths.InRepo("charts/render-install.sh"), temp], TimeSpan.FromMinutes(1));
            r.ExitCode.ShouldBe(0, r.StandardError);
            (await File.ReadAllTextAsync(temp)).ShouldBe(await File.ReadAllTextAsync(RepositoryPaths.InRepo("charts/install.yaml")), "run charts/render-install.sh");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [Fact]
    public void Rbac_rules_agree_with_the_chart()
    {
        JsonNode.DeepEquals(InstallObject("ClusterRole")["rules"], ChartFiles.Rules("operator")).ShouldBeTrue();
        JsonNode.DeepEquals(InstallObject("Role")["rules"], ChartFiles.Rules("leader-election")).ShouldBeTrue();
        var binding = InstallObject("ClusterRoleBinding");
        ((string)binding["subjects"]![0]!["name"]!).ShouldBe((string)InstallObject("ServiceAccount")["metadata"]!["name"]!);
    }

    [Fact]
    public void Image_agrees_with_values_and_appVersion()
    {
        ((string)Container["image"]!).ShouldBe(Render("{{ include \"model-rollouts.image\" . }}"));
        ((string)Container["imagePullPolicy"]!).ShouldBe((string)ChartFiles.Values["image"]!["pullPolicy"]!);
    }

    [Fact]
    public async Task Args_agree_with_the_chart_template_under_default_values()
    {
        // Rendered by Go's text/template (the template has conditional args: notifications).
        var (_, objects) = await HelmTemplate.RenderAsync();
        var deployment = objects.Single(o => (string?)o["kind"] == "Deployment");
        var expected = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => (string)a!).ToList();
        expected.ShouldNotBeEmpty();
        Container["args"]!.AsArray().Select(a => (string)a!).ShouldBe(expected);
    }

    [Fact]
    public void Operator_accepts_the_install_manifest_args()
    {
        // The kubelet expands $(POD_NAMESPACE) from the env entry of the same name.
        var args = Container["args"]!.AsArray().Select(a => ((string)a!).Replace("$(POD_NAMESPACE)", "model-rollouts", StringComparison.Ordinal)).ToList();
        var (options, error) = Rollouts.Operator.Host.OperatorCommandLine.Parse(args);
        error.ShouldBeNull();
        options!.LeaderElect.ShouldBe((bool)ChartFiles.Values["leaderElection"]!["enabled"]!);
        options.LeaderElectionNamespace.ShouldBe("model-rollouts");
        options.Namespaces.ShouldBeEmpty("no watchNamespaces by default: every namespace");
        options.PrometheusUrl.ShouldBe((string)ChartFiles.Values["prometheus"]!["address"]!);
        options.ServingImage.ShouldBe(Render("{{ include \"model-rollouts.servingImage\" . }}"));
        new Uri(options.MetricsAddress).Port.ShouldBe((int)ChartFiles.Values["metricsPort"]!);
        Container["env"]!.AsArray().Select(e => (string)e!["name"]!).ShouldContain("POD_NAMESPACE");
    }

    [Fact]
    public void Operator_accepts_watched_namespaces_as_the_chart_joins_them()
    {
        var (options, error) = Rollouts.Operator.Host.OperatorCommandLine.Parse(["--serving-image=x:1", "--namespace=team-a,team-b"]);
        error.ShouldBeNull();
        options!.Namespaces.ShouldBe(["team-a", "team-b"]);
    }

    [Fact]
    public void Replicas_resources_and_port_agree_with_values()
    {
        var v = ChartFiles.Values;
        ((int)InstallObject("Deployment")["spec"]!["replicas"]!).ShouldBe((int)v["replicaCount"]!);
        JsonNode.DeepEquals(Container["resources"], v["resources"]).ShouldBeTrue();
        ((int)Container["ports"]![0]!["containerPort"]!).ShouldBe((int)v["metricsPort"]!);
    }

    [Fact]
    public void Crd_agrees_with_the_repository_crd()
    {
        var crd = YamlJson.Document(File.ReadAllText(RepositoryPaths.InRepo("crds/modeldeployments.ml.rollouts.dev.yaml")));
        JsonNode.DeepEquals(InstallObject("CustomResourceDefinition"), crd).ShouldBeTrue();
    }
}
