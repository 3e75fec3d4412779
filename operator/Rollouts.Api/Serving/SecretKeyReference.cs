using System.Text.Json.Serialization;

namespace Rollouts.Api.Serving;

/// <summary>One key of a Secret in the ModelDeployment's namespace. The pods mount or reference it; the operator never reads it.</summary>
public sealed record SecretKeyReference
{
    /// <summary>Name of the Secret (a DNS subdomain).</summary>
    [JsonPropertyName("secretName")] public string SecretName { get; init; } = "";

    /// <summary>Key within the Secret's data; absent: the default of the field that holds this reference.</summary>
    [JsonPropertyName("key")] public string? Key { get; init; }
}
