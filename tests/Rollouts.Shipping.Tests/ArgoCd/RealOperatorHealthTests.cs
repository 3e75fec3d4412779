using System.Text.Json.Nodes;
using Rollouts.Kube;
using Rollouts.Shipping.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.ArgoCd;

/// <summary>
/// health.lua and actions/discovery.lua run on the ModelDeployment exactly as the API server returns it (kubectl get -o json)
/// after the real operator (started with only its ServiceAccount token) wrote its status: first deploy (Progressing, then
/// Healthy once the pods turn Ready), a canary whose pods never get ready (Progressing, then rolled back at the progress
/// deadline: Degraded), and a spec the operator rejects (InvalidSpec: Degraded).
/// </summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class RealOperatorHealthTests(ControlPlaneFixture fixture)
{
    private const string Resource = "modeldeployments.ml.rollouts.dev";
    private const string Name = "iris";
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);
    private readonly ControlPlane cp = fixture.ControlPlane;

    [Fact]
    public async Task Health_and_discovery_follow_the_status_the_real_operator_writes()
    {
        var ns = await cp.CreateNamespaceAsync("argo");
        await using var op = await OperatorProcess.StartAsync(cp, ns);
        using var admin = cp.CreateAdminClient();
        (await Kubectl.RunAsync(cp, $$$"""
            apiVersion: ml.rollouts.dev/v1alpha1
            kind: ModelDeployment
            metadata: {name: {{{Name}}}, namespace: {{{ns}}}}
            spec:
              model: {name: iris, version: v1, uri: "file:///models/iris-v1.onnx"}
              serving: {replicas: 1}
              strategy:
                canary:
                  steps: [{setWeight: 50}, {pause: {}}]
              abortScaleDownDelaySeconds: 0
            """, "apply", "-f", "-")).ExitCode.ShouldBe(0);

        // 1. First deploy, pods not ready yet: the operator's status says Pending -> Progressing, nothing to act on.
        var pending = await ObservedAsync(ns, op, "status for the first deploy", _ => Task.FromResult(true));
        (await HealthAsync(pending)).Status.ShouldBe("Progressing", pending.ToJsonString());
        (await ArgoLua.EnabledActionsAsync(pending)).ShouldBeEmpty(pending.ToJsonString());

        // The serving pods turn Ready through the status subresource (no kubelet here): Healthy, serving v1.
        var deployment = await Eventually.GetAsync(
            async () => (await admin.ListAsync<V1Deployment>(ns, null, CancellationToken.None)).Items.FirstOrDefault(),
            "the serving Deployment", Generous, () => op.Log);
        var selector = LabelSelectors.Query(deployment.Spec.Selector);
        await Eventually.GetAsync(
            async () => await ControlPlaneKubelet.MarkPodsReadyAsync(admin, ns, selector, CancellationToken.None) > 0 ? "marked" : null,
            $"pods matching {selector}", Generous, () => op.Log);
        var healthy = await ObservedAsync(ns, op, "health.lua to say Healthy", async o => (await HealthAsync(o)).Status == "Healthy");
        (await HealthAsync(healthy)).Message.ShouldBe("Serving v1");
        ((string?)healthy["status"]!["phase"]).ShouldBe("Healthy");
        (await ArgoLua.EnabledActionsAsync(healthy)).ShouldBeEmpty(healthy.ToJsonString());

        // 2. A spec the schema accepts but the operator cannot use (an analysis step without spec.analysis): InvalidSpec,
        // Degraded with the condition's message, nothing to act on.
        await PatchAsync(ns, """{"spec":{"strategy":{"canary":{"steps":[{"setWeight":50},{"analysis":{}}]}}}}""");
        await ExpectInvalidSpecAsync(ns, op, enabled: []);

        // 3. Fixed, with a new version whose pods never become ready: while the canary runs, Progressing with
        // promote/promote-full/abort/pause.
        await PatchAsync(ns, """{"spec":{"model":{"version":"v2","uri":"file:///models/iris-v2.onnx"},"progressDeadlineSeconds":45,"strategy":{"canary":{"steps":[{"setWeight":50},{"pause":{}}]}}}}""");
        var canary = await ObservedAsync(ns, op, "the canary v2 to start", o => Task.FromResult((string?)o["status"]?["canaryVersion"] == "v2"));
        ((string?)canary["status"]!["phase"]).ShouldBe("Progressing", canary.ToJsonString());
        ((string?)Condition(canary, "InvalidSpec")?["status"] ?? "False").ShouldBe("False", canary.ToJsonString());
        var (canaryHealth, canaryMessage) = await HealthAsync(canary);
        canaryHealth.ShouldBe("Progressing", canary.ToJsonString());
        canaryMessage.ShouldStartWith("canary v2", customMessage: canary.ToJsonString());
        (await ArgoLua.EnabledActionsAsync(canary)).ShouldBe(["abort", "pause", "promote", "promote-full"], canary.ToJsonString());

        // At the progress deadline the operator rolls back: Degraded with the operator's message; only retry is offered.
        var rolledBack = await ObservedAsync(ns, op, "the rollback at the progress deadline", o => Task.FromResult((string?)o["status"]?["phase"] == "Degraded"));
        var (rolledBackHealth, rolledBackMessage) = await HealthAsync(rolledBack);
        rolledBackHealth.ShouldBe("Degraded", rolledBack.ToJsonString());
        var operatorMessage = (string?)rolledBack["status"]!["message"];
        operatorMessage.ShouldNotBeNullOrEmpty(rolledBack.ToJsonString());
        rolledBackMessage.ShouldBe(operatorMessage);
        ((string?)Condition(rolledBack, "RolledBack")?["status"]).ShouldBe("True", rolledBack.ToJsonString());
        (await ArgoLua.EnabledActionsAsync(rolledBack)).ShouldBe(["retry"], rolledBack.ToJsonString());

        // 4. Invalid again after the rollback: Degraded with the InvalidSpec message (not the rollback's), and no action
        // offered, retry included (status.abortedRevision and RolledBack=True remain, but the operator consumes no
        // action while the spec is invalid).
        await PatchAsync(ns, """{"spec":{"model":{"version":"v3","uri":"file:///models/iris-v3.onnx"},"strategy":{"canary":{"steps":[{"setWeight":50},{"analysis":{}}]}}}}""");
        await ExpectInvalidSpecAsync(ns, op, enabled: []);

        op.HasExited.ShouldBeFalse($"the operator exited ({op.ExitCode}):\n{op.Log}");
    }

    /// <summary>
    /// Polls kubectl get -o json until the operator has observed the current generation and <paramref name="accept"/>
    /// holds on the object; returns that object as the API server sent it.
    /// </summary>
    private async Task<JsonObject> ObservedAsync(string ns, OperatorProcess op, string what, Func<JsonObject, Task<bool>> accept) =>
        await Eventually.GetAsync(
            async () =>
            {
                op.HasExited.ShouldBeFalse($"the operator exited ({op.ExitCode}):\n{op.Log}");
                var obj = JsonNode.Parse(await Kubectl.OkAsync(cp, "get", Resource, Name, "-n", ns, "-o", "json"))!.AsObject();
                var generation = (long?)obj["metadata"]?["generation"];
                var observed = (long?)obj["status"]?["observedGeneration"];
                return observed is not null && observed == generation && await accept(obj) ? obj : null;
            },
            what,
            Generous,
            () => op.Log);

    private Task PatchAsync(string ns, string mergePatch) =>
        Kubectl.OkAsync(cp, "patch", Resource, Name, "-n", ns, "--type=merge", "-p", mergePatch);

    /// <summary>Waits for InvalidSpec=True on the current generation; checks health.lua and discovery.lua on that object.</summary>
    private async Task ExpectInvalidSpecAsync(string ns, OperatorProcess op, string[] enabled)
    {
        var invalid = await ObservedAsync(ns, op, "the InvalidSpec condition", o => Task.FromResult((string?)Condition(o, "InvalidSpec")?["status"] == "True"));
        var invalidMessage = (string?)Condition(invalid, "InvalidSpec")!["message"];
        invalidMessage.ShouldBe("spec.analysis is required by the analysis steps of spec.strategy", invalid.ToJsonString());
        ((string?)invalid["status"]!["phase"]).ShouldBe("Degraded", invalid.ToJsonString());
        var (health, message) = await HealthAsync(invalid);
        health.ShouldBe("Degraded", invalid.ToJsonString());
        message.ShouldBe(invalidMessage);
        (await ArgoLua.EnabledActionsAsync(invalid)).ShouldBe(enabled, invalid.ToJsonString());
    }

    private static Task<(string Status, string? Message)> HealthAsync(JsonObject obj) => ArgoLua.HealthAsync(obj);

    private static JsonNode? Condition(JsonObject obj, string type) =>
        obj["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == type);
}
