namespace Rollouts.Kube;

/// <summary>Describes a REST resource: <c>/apis/{Group}/{Version}/namespaces/{ns}/{Plural}</c> (core group: <c>/api/v1</c>).</summary>
/// <param name="Group">API group; empty for the core group.</param>
/// <param name="Version">API version, e.g. <c>v1</c>.</param>
/// <param name="Plural">Lower-case plural resource name, e.g. <c>deployments</c>.</param>
/// <param name="Kind">Kind, e.g. <c>Deployment</c>.</param>
/// <param name="Namespaced">True for namespaced resources.</param>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    /// <summary>The <c>apiVersion</c> string: <c>group/version</c>, or just <c>version</c> for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>apps/v1 Deployment.</summary>
    public static readonly ResourceType Deployment = new("apps", "v1", "deployments", "Deployment", true);

    /// <summary>core/v1 Service.</summary>
    public static readonly ResourceType Service = new("", "v1", "services", "Service", true);

    /// <summary>core/v1 Pod.</summary>
    public static readonly ResourceType Pod = new("", "v1", "pods", "Pod", true);

    /// <summary>core/v1 Event.</summary>
    public static readonly ResourceType Event = new("", "v1", "events", "Event", true);

    /// <summary>core/v1 ServiceAccount.</summary>
    public static readonly ResourceType ServiceAccount = new("", "v1", "serviceaccounts", "ServiceAccount", true);

    /// <summary>core/v1 Namespace.</summary>
    public static readonly ResourceType Namespace = new("", "v1", "namespaces", "Namespace", false);

    /// <summary>core/v1 Node.</summary>
    public static readonly ResourceType Node = new("", "v1", "nodes", "Node", false);

    /// <summary>coordination.k8s.io/v1 Lease.</summary>
    public static readonly ResourceType Lease = new("coordination.k8s.io", "v1", "leases", "Lease", true);

    /// <summary>gateway.networking.k8s.io/v1 HTTPRoute.</summary>
    public static readonly ResourceType HttpRoute = new("gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute", true);

    /// <summary>apiextensions.k8s.io/v1 CustomResourceDefinition.</summary>
    public static readonly ResourceType CustomResourceDefinition =
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false);
}
