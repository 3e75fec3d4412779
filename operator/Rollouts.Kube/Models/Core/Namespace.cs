using System.Text.Json;

namespace Rollouts.Kube;

/// <summary>core/v1 Namespace (spec/status kept raw).</summary>
public sealed class Namespace : KubeObject<Dictionary<string, JsonElement>, Dictionary<string, JsonElement>>, IKubeResource
{
    /// <inheritdoc />
    public static ResourceType Resource => ResourceType.Namespace;

    /// <summary>A namespace with apiVersion and kind set.</summary>
    public Namespace()
    {
        ApiVersion = "v1";
        Kind = "Namespace";
    }
}
