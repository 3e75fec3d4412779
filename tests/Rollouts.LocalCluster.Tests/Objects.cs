using Rollouts.Kube;

namespace Rollouts.LocalCluster.Tests;

/// <summary>Small builders of Kubernetes objects for the pure tests.</summary>
internal static class Objects
{
    public static Pod Pod(string name, string version, bool ready, string ip, string phase = "Running", bool deleting = false) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = "demo",
            Labels = new() { ["ml.rollouts.dev/deployment"] = "iris", ["ml.rollouts.dev/model-version"] = version, ["ml.rollouts.dev/revision"] = "rev-" + version },
            Annotations = new() { ["prometheus.io/scrape"] = "true", ["prometheus.io/port"] = "8080", ["prometheus.io/path"] = "/metrics" },
            DeletionTimestamp = deleting ? DateTimeOffset.UnixEpoch : null,
        },
        Spec = new PodSpec { Containers = [new Container { Name = "server", Ports = [new ContainerPort { Name = "http", Port = 8080 }] }] },
        Status = new PodStatus
        {
            Phase = phase,
            PodIP = ip,
            Conditions = [new PodCondition { Type = "Ready", Status = ready ? ConditionStatus.True : ConditionStatus.False }],
        },
    };

    public static Service Service(string name, string version) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "demo" },
        Spec = new ServiceSpec { Selector = new() { ["ml.rollouts.dev/deployment"] = "iris", ["ml.rollouts.dev/revision"] = "rev-" + version } },
    };
}
