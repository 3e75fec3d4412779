using System.Collections.Concurrent;
using Rollouts.Api;
using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

/// <summary>
/// What the informer caches keep of objects read from the real API server, per type (<see cref="CacheTransform"/>).
/// The objects are written with client-side <c>kubectl apply</c>, so the server holds kubectl's last-applied
/// annotation and managedFields as a user's objects would.
/// </summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class CacheTransformTests(ControlPlaneFixture fixture)
{
    private const string Hash = "ml.rollouts.dev/applied-hash";
    private readonly ControlPlane cp = fixture.ControlPlane;

    private static string Json(object? o) => o is null ? "null" : KubernetesJson.Serialize(o);

    private static void RawHasWhatTheCacheDrops(IKubernetesObject<V1ObjectMeta> raw)
    {
        raw.Metadata.ManagedFields.ShouldNotBeEmpty();
        raw.Metadata.Annotations.ShouldContainKey(CacheTransform.LastAppliedAnnotation);
        raw.Metadata.CreationTimestamp.ShouldNotBeNull();
    }

    private static void CompactMetadataOf(IKubernetesObject<V1ObjectMeta> raw, IKubernetesObject<V1ObjectMeta> cached)
    {
        var (r, c) = (raw.Metadata, cached.Metadata);
        c.Name.ShouldBe(r.Name);
        c.NamespaceProperty.ShouldBe(r.NamespaceProperty);
        c.Uid.ShouldBe(r.Uid);
        c.ResourceVersion.ShouldBe(r.ResourceVersion);
        c.Generation.ShouldBe(r.Generation);
        c.Labels.ShouldBe(r.Labels);
        var annotations = r.Annotations.Where(a => a.Key != CacheTransform.LastAppliedAnnotation).ToDictionary();
        if (annotations.Count == 0)
        {
            c.Annotations.ShouldBeNull(); // kubectl's was the only one
        }
        else
        {
            c.Annotations.ShouldBe(annotations);
        }

        Json(c.OwnerReferences).ShouldBe(Json(r.OwnerReferences));
        c.DeletionTimestamp.ShouldBe(r.DeletionTimestamp);
        c.ManagedFields.ShouldBeNull();
        c.CreationTimestamp.ShouldBeNull();
        c.Finalizers.ShouldBeNull();
        c.GenerateName.ShouldBeNull();
        c.SelfLink.ShouldBeNull();
        cached.ApiVersion.ShouldBe(raw.ApiVersion);
        cached.Kind.ShouldBe(raw.Kind);
    }

    private static string Manifest(string ownerUid) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: child
          labels: {app.kubernetes.io/managed-by: model-rollouts, ml.rollouts.dev/revision: r1}
          annotations: {{{Hash}}: "abc123"}
          finalizers: [example.com/hold]
          ownerReferences:
          - {apiVersion: v1, kind: ConfigMap, name: owner, uid: "{{ownerUid}}", controller: true}
        spec:
          replicas: 2
          selector: {matchLabels: {app: child} }
          template:
            metadata: {labels: {app: child}, annotations: {big: "{{new string('x', 2000)}}" } }
            spec:
              containers:
              - name: serve
                image: example.com/serve:1
                args: [--port=8080]
                env: [{name: A, value: "1"}]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: child
          labels: {app.kubernetes.io/managed-by: model-rollouts}
          annotations: {{{Hash}}: "def456"}
        spec:
          selector: {app: child }
          ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP}]
          sessionAffinity: ClientIP
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: child
          labels: {app.kubernetes.io/managed-by: model-rollouts}
        spec:
          parentRefs: [{name: gw}]
          rules:
          - backendRefs: [{name: child, port: 80, weight: 80}, {name: child-canary, port: 80, weight: 20}]
        """;

    [Fact]
    public async Task Caches_keep_per_type_exactly_what_the_seam_names_and_drop_the_rest()
    {
        var ct = Timeouts.Ct(180);
        await cp.InstallCrdAsync(RepositoryPaths.InRepo("crds/modeldeployments.ml.rollouts.dev.yaml"), "modeldeployments.ml.rollouts.dev", ct);
        await cp.InstallCrdAsync(RepositoryPaths.InRepo("dev/Rollouts.LocalCluster/Manifests/gateway-api-httproutes.yaml"), "httproutes.gateway.networking.k8s.io", ct);
        var ns = await cp.CreateNamespaceAsync("transform", ct);
        using var client = cp.CreateAdminClient();
        var owner = await client.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner", NamespaceProperty = ns } }, ct);
        var file = Path.Combine(Path.GetTempPath(), $"transform-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Manifest(owner.Metadata.Uid), ct);
        try
        {
            await cp.KubectlAsync(ct, "apply", "-n", ns, "-f", file);
            await cp.KubectlAsync(ct, "apply", "-n", ns, "-f", RepositoryPaths.InRepo("samples/iris-replica-ratio.yaml"));
        }
        finally
        {
            File.Delete(file);
        }

        await client.MergePatchStatusAsync<HttpRoute>(ns, "child", new { status = new { parents = new[] { new { parentRef = new { name = "gw" }, controllerName = "example.com/gw" } } } }, ct);

        var informers = new SharedInformers(client);
        var deployments = informers.Get<V1Deployment>(ns);
        var services = informers.Get<V1Service>(ns);
        var routes = informers.Get<HttpRoute>(ns);
        var mdeps = informers.Get<ModelDeployment>(ns);
        var heard = new ConcurrentQueue<V1Deployment>();
        deployments.AddHandler((_, d) => heard.Enqueue(d));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informers.RunAsync(stop.Token);
        await informers.WaitForSyncAsync(ct);

        // Deployment: compact metadata, spec.replicas and spec.selector, status; no pod template.
        var rawD = (await client.GetAsync<V1Deployment>(ns, "child", ct))!;
        RawHasWhatTheCacheDrops(rawD);
        rawD.Spec.Template.Spec.Containers.ShouldNotBeEmpty();
        var d = deployments.Get(ns, "child")!;
        if (d.Metadata.ResourceVersion != rawD.Metadata.ResourceVersion)
        {
            // kube-controller-manager wrote the status after the list: compare with what the cache has now.
            await Eventually.TrueAsync(() => deployments.Get(ns, "child")!.Metadata.ResourceVersion == rawD.Metadata.ResourceVersion, "cache at the read version");
            d = deployments.Get(ns, "child")!;
        }

        CompactMetadataOf(rawD, d);
        d.Metadata.Annotations[Hash].ShouldBe("abc123");
        d.Metadata.Annotations.ShouldNotContainKey(CacheTransform.LastAppliedAnnotation);
        d.Metadata.OwnerReferences.ShouldHaveSingleItem().Uid.ShouldBe(owner.Metadata.Uid);
        d.Spec.Replicas.ShouldBe(2);
        Json(d.Spec.Selector).ShouldBe(Json(rawD.Spec.Selector));
        d.Spec.Template.ShouldBeNull();
        d.Spec.Strategy.ShouldBeNull();
        d.Spec.RevisionHistoryLimit.ShouldBeNull();
        Json(d.Status).ShouldBe(Json(rawD.Status));
        Json(d).Length.ShouldBeLessThan(Json(rawD).Length / 4);

        // Service: compact metadata, spec.selector and spec.ports; no cluster IP, type, affinity or status.
        var rawS = (await client.GetAsync<V1Service>(ns, "child", ct))!;
        RawHasWhatTheCacheDrops(rawS);
        rawS.Spec.ClusterIP.ShouldNotBeNullOrEmpty();
        var s = services.Get(ns, "child")!;
        CompactMetadataOf(rawS, s);
        s.Spec.Selector.ShouldBe(rawS.Spec.Selector);
        Json(s.Spec.Ports).ShouldBe(Json(rawS.Spec.Ports));
        s.Spec.ClusterIP.ShouldBeNull();
        s.Spec.ClusterIPs.ShouldBeNull();
        s.Spec.Type.ShouldBeNull();
        s.Spec.SessionAffinity.ShouldBeNull();
        s.Status.ShouldBeNull();

        // HTTPRoute: compact metadata, spec and status whole.
        var rawR = (await client.GetAsync<HttpRoute>(ns, "child", ct))!;
        RawHasWhatTheCacheDrops(rawR);
        await Eventually.TrueAsync(() => routes.Get(ns, "child")?.Metadata.ResourceVersion == rawR.Metadata.ResourceVersion, "route status in the cache");
        var r = routes.Get(ns, "child")!;
        CompactMetadataOf(rawR, r);
        Json(r.Spec).ShouldBe(Json(rawR.Spec));
        Json(r.Spec).ShouldContain("\"weight\":20");
        Json(r.Status).ShouldBe(Json(rawR.Status));
        Json(r.Status).ShouldContain("example.com/gw");

        // ModelDeployment: the whole object, less managedFields and kubectl's last-applied annotation.
        var rawM = (await client.GetAsync<ModelDeployment>(ns, "iris-rr", ct))!;
        RawHasWhatTheCacheDrops(rawM);
        var m = mdeps.Get(ns, "iris-rr")!;
        m.Metadata.ManagedFields.ShouldBeNull();
        m.Metadata.Annotations.ShouldBeNull(); // kubectl's was its only annotation
        m.Metadata.CreationTimestamp.ShouldBe(rawM.Metadata.CreationTimestamp);
        m.Metadata.Uid.ShouldBe(rawM.Metadata.Uid);
        Json(m.Spec).ShouldBe(Json(rawM.Spec));
        Json(m.Spec).ShouldContain("ml-platform");
        rawM.Metadata.ManagedFields = null;
        rawM.Metadata.Annotations = null;
        Json(m).ShouldBe(Json(rawM));

        // The watch path transforms too, and handlers are given the cached (compact) object.
        await client.MergePatchAsync<V1Deployment>(ns, "child", new { metadata = new { annotations = new Dictionary<string, string> { [Hash] = "new" } } }, ct);
        // The informer puts an object in its cache, then tells the handlers: wait for both.
        await Eventually.TrueAsync(
            () => deployments.Get(ns, "child")?.Metadata.Annotations.ValueOrDefault(Hash) == "new" && heard.Any(h => h.Metadata.Annotations?.ValueOrDefault(Hash) == "new"),
            "the watched update, cached and handed to the handler");
        var updated = deployments.Get(ns, "child")!;
        updated.Spec.Template.ShouldBeNull();
        updated.Metadata.ManagedFields.ShouldBeNull();
        updated.Metadata.Annotations.ShouldNotContainKey(CacheTransform.LastAppliedAnnotation);
        heard.ShouldAllBe(h => h.Spec.Template == null && h.Metadata.ManagedFields == null);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }

    [Fact]
    public void Namespaces_and_label_keys_of_compact_entries_are_interned()
    {
        var a = CacheTransform.For<V1Service>()(new V1Service { Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = new string("team-a".ToCharArray()), Labels = new Dictionary<string, string> { [new string("app".ToCharArray())] = "a" } } });
        var b = CacheTransform.For<V1Service>()(new V1Service { Metadata = new V1ObjectMeta { Name = "b", NamespaceProperty = new string("team-a".ToCharArray()), Labels = new Dictionary<string, string> { [new string("app".ToCharArray())] = "b" } } });
        ReferenceEquals(a.Metadata.NamespaceProperty, b.Metadata.NamespaceProperty).ShouldBeTrue();
        ReferenceEquals(a.Metadata.Labels.Keys.Single(), b.Metadata.Labels.Keys.Single()).ShouldBeTrue();
        a.ApiVersion.ShouldBe("v1");
        a.Kind.ShouldBe("Service");
    }
}
