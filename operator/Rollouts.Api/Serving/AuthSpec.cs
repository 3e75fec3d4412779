using System.Text.Json.Serialization;

namespace Rollouts.Api.Serving;

/// <summary>
/// <c>spec.serving.auth</c>: who may call the server. Off when absent. API keys and JWTs may be combined (a request
/// passes with either). The Secrets are mounted read-only into the pods (mode 0440) and passed as the server's file
/// flags; the server reloads the key file when the Secret changes.
/// </summary>
public sealed record AuthSpec
{
    /// <summary>API keys, one per line (<c>--api-keys-file</c>); key default <see cref="DefaultApiKeysKey"/>.</summary>
    [JsonPropertyName("apiKeys")] public SecretKeyReference? ApiKeys { get; init; }

    /// <summary>JWT bearer tokens (<c>--jwt-issuer</c>, <c>--jwt-audience</c>, <c>--jwt-signing-keys-file</c>).</summary>
    [JsonPropertyName("jwt")] public JwtSpec? Jwt { get; init; }

    /// <summary>Secret key read when <see cref="ApiKeys"/> names none.</summary>
    public const string DefaultApiKeysKey = "api-keys";
}
