namespace Rollouts.Operator.Workloads;

/// <summary>Names of the objects the operator owns for a ModelDeployment <c>name</c>.</summary>
public static class WorkloadNames
{
    /// <summary>Deployment of one revision: <c>&lt;name&gt;-&lt;hash&gt;</c>.</summary>
    public static string Deployment(string name, string revision) => $"{name}-{revision}";

    /// <summary>Canary strategy: the stable Service. Blue-green: the active Service.</summary>
    public static string PrimaryService(string name, bool blueGreen) => blueGreen ? $"{name}-active" : $"{name}-stable";

    /// <summary>Canary strategy: the canary Service. Blue-green: the preview Service.</summary>
    public static string SecondaryService(string name, bool blueGreen) => blueGreen ? $"{name}-preview" : $"{name}-canary";

    /// <summary>Replica-ratio routing: the one Service over both revisions (named after the ModelDeployment).</summary>
    public static string RootService(string name) => name;

    /// <summary>The HorizontalPodAutoscaler of <c>spec.serving.autoscaling</c> (named after the ModelDeployment).</summary>
    public static string Autoscaler(string name) => name;

    /// <summary>The HTTPRoute the operator owns (named after the ModelDeployment).</summary>
    public static string HttpRoute(string name) => name;

    /// <summary>The shadow ConfigMap every serving pod mounts (seams S1): <c>&lt;name&gt;-shadow</c>.</summary>
    public static string ShadowConfig(string name) => $"{name}-shadow";
}
