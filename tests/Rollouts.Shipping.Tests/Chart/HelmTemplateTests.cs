using System.Text.Json.Nodes;
using Rollouts.Shipping.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Chart;

/// <summary>The chart's templates rendered by Go's text/template: they parse, agree with install.yaml, and honour the values.</summary>
public sealed class HelmTemplateTests
{
    private static JsonObject One(IReadOnlyList<JsonObject> objects, string kind, string? name = null) =>
        objects.Single(o => (string?)o["kind"] == kind && (name is null || (string?)o["metadata"]!["name"] == name));

    [Fact]
    public async Task Default_render_agrees_with_install_yaml_on_rbac_and_the_operator_deployment()
    {
        var (_, objects) = await HelmTemplate.RenderAsync();

        JsonNode.DeepEquals(One(objects, "ClusterRole")["rules"], ChartFiles.InstallObject("ClusterRole")["rules"]).ShouldBeTrue();
        JsonNode.DeepEquals(One(objects, "Role")["rules"], ChartFiles.InstallObject("Role")["rules"]).ShouldBeTrue();
        JsonNode.DeepEquals(One(objects, "ClusterRoleBinding")["subjects"], ChartFiles.InstallObject("ClusterRoleBinding")["subjects"]).ShouldBeTrue();
        var chartPod = One(objects, "Deployment")["spec"]!["template"]!["spec"]!;
        var installPod = ChartFiles.InstallObject("Deployment")["spec"]!["template"]!["spec"]!;
        JsonNode.DeepEquals(chartPod, installPod).ShouldBeTrue($"pod specs differ:\n{chartPod.ToJsonString()}\n{installPod.ToJsonString()}");
        ((int)One(objects, "Deployment")["spec"]!["replicas"]!).ShouldBe((int)ChartFiles.InstallObject("Deployment")["spec"]!["replicas"]!);
        JsonNode.DeepEquals(One(objects, "Service")["spec"], ChartFiles.InstallObject("Service")["spec"]).ShouldBeTrue();
        objects.ShouldNotContain(o => (string?)o["kind"] == "ServiceMonitor" || (string?)o["kind"] == "PrometheusRule" || (string?)o["kind"] == "ConfigMap");
    }

    [Fact]
    public async Task Notification_webhooks_become_flags_and_a_secret_url_comes_from_the_environment_the_kubelet_fills()
    {
        var overrides = JsonNode.Parse("""
            {"notifications": {"format": "slack", "webhooks": [
              {"url": "https://hooks.example/rollouts"},
              {"secretRef": {"name": "rollout-notifications", "key": "slack-url"}}]}}
            """)!.AsObject();
        var (_, objects) = await HelmTemplate.RenderAsync(overrides);
        var container = One(objects, "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var args = container["args"]!.AsArray().Select(a => (string)a!).ToList();

        args.ShouldContain("--notify-webhook-url=https://hooks.example/rollouts");
        args.ShouldContain("--notify-webhook-url=$(NOTIFY_WEBHOOK_URL_1)");
        args.ShouldContain("--notify-format=slack");
        var env = container["env"]!.AsArray().Single(e => (string?)e!["name"] == "NOTIFY_WEBHOOK_URL_1")!;
        ((string)env["valueFrom"]!["secretKeyRef"]!["name"]!).ShouldBe("rollout-notifications");
        ((string)env["valueFrom"]!["secretKeyRef"]!["key"]!).ShouldBe("slack-url");

        // As the kubelet expands $(VAR) from the container's environment, the operator accepts the result.
        var expanded = args.Select(a => a.Replace("$(NOTIFY_WEBHOOK_URL_1)", "https://hooks.slack.example/T0/B0/x", StringComparison.Ordinal)
            .Replace("$(POD_NAMESPACE)", "model-rollouts", StringComparison.Ordinal)).ToList();
        var (options, error) = Rollouts.Operator.Host.OperatorCommandLine.Parse(expanded);
        error.ShouldBeNull();
        options!.Notifications.WebhookUrls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Allowed_model_uri_prefixes_become_one_flag_the_operator_accepts_and_none_by_default()
    {
        var (_, objects) = await HelmTemplate.RenderAsync(new JsonObject { ["allowedModelUriPrefixes"] = new JsonArray("s3://models-prod/", "pvc://") });
        var args = One(objects, "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => (string)a!).ToList();
        args.ShouldContain("--allowed-model-uri-prefixes=s3://models-prod/,pvc://");
        var (options, error) = Rollouts.Operator.Host.OperatorCommandLine.Parse(args.Select(a => a.Replace("$(POD_NAMESPACE)", "model-rollouts", StringComparison.Ordinal)).ToList());
        error.ShouldBeNull();
        options!.AllowedModelUriPrefixes.ShouldBe(["s3://models-prod/", "pvc://"]);

        var (_, defaults) = await HelmTemplate.RenderAsync();
        One(defaults, "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().ShouldNotContain(a => ((string)a!).StartsWith("--allowed-model-uri-prefixes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Namespaced_rbac_grants_a_role_in_each_watched_namespace_and_nothing_cluster_wide()
    {
        var (_, objects) = await HelmTemplate.RenderAsync(new JsonObject
        {
            ["rbac"] = new JsonObject { ["namespaced"] = true },
            ["watchNamespaces"] = new JsonArray("team-a", "team-b"),
        });

        objects.ShouldNotContain(o => ((string)o["kind"]!).StartsWith("Cluster", StringComparison.Ordinal));
        var roles = objects.Where(o => (string)o["kind"]! == "Role" && (string)o["metadata"]!["name"]! == "model-rollouts").ToList();
        roles.Select(r => (string)r["metadata"]!["namespace"]!).ShouldBe(["team-a", "team-b"]);
        foreach (var role in roles)
        {
            JsonNode.DeepEquals(role["rules"], ChartFiles.Rules("operator")).ShouldBeTrue();
        }

        objects.Where(o => (string)o["kind"]! == "RoleBinding" && (string)o["metadata"]!["name"]! == "model-rollouts")
            .Select(b => (string)b["subjects"]![0]!["namespace"]!).ShouldBe(["model-rollouts", "model-rollouts"]);
        ((string)One(objects, "Role", "model-rollouts-leader-election")["metadata"]!["namespace"]!).ShouldBe("model-rollouts");
        One(objects, "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray()
            .Select(a => (string)a!).ShouldContain("--namespace=team-a,team-b");
    }

    [Fact]
    public async Task Namespaced_rbac_without_namespaces_fails_with_a_clear_message()
    {
        var error = await Should.ThrowAsync<HelmTemplateException>(() => HelmTemplate.RenderAsync(new JsonObject { ["rbac"] = new JsonObject { ["namespaced"] = true } }));
        error.Message.ShouldContain("rbac.namespaced=true needs watchNamespaces");
    }

    [Fact]
    public async Task Monitoring_objects_render_when_enabled()
    {
        var (_, objects) = await HelmTemplate.RenderAsync(new JsonObject
        {
            ["serviceMonitor"] = new JsonObject { ["enabled"] = true, ["labels"] = new JsonObject { ["release"] = "kube-prometheus" } },
            ["prometheusRule"] = new JsonObject { ["enabled"] = true },
            ["grafanaDashboard"] = new JsonObject { ["enabled"] = true },
        });

        var monitor = One(objects, "ServiceMonitor");
        ((string)monitor["metadata"]!["labels"]!["release"]!).ShouldBe("kube-prometheus");
        ((bool)monitor["spec"]!["endpoints"]![0]!["honorLabels"]!).ShouldBeTrue();

        var rules = One(objects, "PrometheusRule")["spec"]!["groups"]![0]!["rules"]!.AsArray();
        rules.Select(r => (string)r!["alert"]!).ShouldBe(Dashboards.Expressions.AlertRules.Select(a => a.Where["alert ".Length..]));
        ((string)rules[0]!["annotations"]!["summary"]!).ShouldContain("{{ $labels.reason }}", customMessage: "Prometheus templating must survive Helm's");
        ((string)rules[1]!["for"]!).ShouldBe("30m");

        var dashboard = One(objects, "ConfigMap");
        ((string)dashboard["metadata"]!["labels"]!["grafana_dashboard"]!).ShouldBe("1");
        JsonNode.DeepEquals(
            JsonNode.Parse((string)dashboard["data"]!["model-rollouts.json"]!),
            JsonNode.Parse(File.ReadAllText(RepositoryPaths.InRepo("charts/dashboards/model-rollouts.json")))).ShouldBeTrue();
    }

    [Fact]
    public async Task Values_reach_the_operator_pod()
    {
        var (_, objects) = await HelmTemplate.RenderAsync(new JsonObject
        {
            ["image"] = new JsonObject { ["tag"] = "9.9.9" },
            ["replicaCount"] = 3,
            ["leaderElection"] = new JsonObject { ["enabled"] = false },
            ["prometheus"] = new JsonObject { ["address"] = "http://prom:9090" },
            ["podAnnotations"] = new JsonObject { ["team"] = "ml" },
            ["tolerations"] = new JsonArray(new JsonObject { ["key"] = "gpu", ["operator"] = "Exists" }),
        });
        var deployment = One(objects, "Deployment");
        ((int)deployment["spec"]!["replicas"]!).ShouldBe(3);
        var pod = deployment["spec"]!["template"]!;
        ((string)pod["metadata"]!["annotations"]!["team"]!).ShouldBe("ml");
        ((string)pod["spec"]!["tolerations"]![0]!["key"]!).ShouldBe("gpu");
        var container = pod["spec"]!["containers"]![0]!;
        ((string)container["image"]!).ShouldBe("ghcr.io/model-rollouts/operator:9.9.9");
        container["args"]!.AsArray().Select(a => (string)a!).ShouldContain("--leader-elect=false");
        container["args"]!.AsArray().Select(a => (string)a!).ShouldContain("--prometheus-url=http://prom:9090");
    }
}
