using k8s.Models;
using Rollouts.Kube;

namespace Rollouts.LocalCluster.Tests;

/// <summary>Small builders of Kubernetes objects for the pure tests.</summary>
internal static class Objects
{
    public static V1Pod Pod(string name, string version, bool ready, string ip, string phase = "Running", bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "demo",
            Labels = new Dictionary<string, string> { ["ml.rollouts.dev/deployment"] = "iris", ["ml.rollouts.dev/model-version"] = version, ["ml.rollouts.dev/revision"] = "rev-" + version },
            Annotations = new Dictionary<string, string> { ["prometheus.io/scrape"] = "true", ["prometheus.io/port"] = "8080", ["prometheus.io/path"] = "/metrics" },
            DeletionTimestamp = deleting ? DateTime.UnixEpoch : null,
        },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "server", Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }] }] },
        Status = new V1PodStatus
        {
            Phase = phase,
            PodIP = ip,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? ConditionStatus.True : ConditionStatus.False }],
        },
    };

    public static V1Service Service(string name, string version) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "demo" },
        Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["ml.rollouts.dev/deployment"] = "iris", ["ml.rollouts.dev/revision"] = "rev-" + version } },
    };
}
