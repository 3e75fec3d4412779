using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 ServiceAccount (the identity pods run as). In v1.20 the token controller adds a token Secret to
/// <see cref="Secrets"/> shortly after creation; pods cannot be created in a namespace before its <c>default</c>
/// service account has one.</summary>
public sealed class ServiceAccount : KubeObject, IKubeResource
{
    /// <inheritdoc />
    public static ResourceType Resource => ResourceType.ServiceAccount;

    /// <summary>A service account with apiVersion and kind set.</summary>
    public ServiceAccount()
    {
        ApiVersion = "v1";
        Kind = "ServiceAccount";
    }

    /// <summary>Secrets (API tokens) of the account.</summary>
    public List<ObjectReference>? Secrets { get; set; }

    /// <summary>Unmodelled top-level fields (imagePullSecrets, automountServiceAccountToken) land in <see cref="KubeObject.Extra"/>.</summary>
    [JsonIgnore]
    public bool HasToken => Secrets is { Count: > 0 };
}
