using k8s;

namespace Rollouts.Operator.Tests.Planning;

/// <summary>A value through KubernetesClient's JSON, as it goes through the API server and back.</summary>
public static class Wire
{
    public static T RoundTrip<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value!));
}
