using System.Text.Json.Serialization;

namespace Rollouts.Api.Serving;

/// <summary><c>spec.serving.auth.jwt</c>: JWT bearer tokens the server accepts.</summary>
public sealed record JwtSpec
{
    /// <summary>Required <c>iss</c> claim.</summary>
    [JsonPropertyName("issuer")] public string Issuer { get; init; } = "";

    /// <summary>Required <c>aud</c> claim.</summary>
    [JsonPropertyName("audience")] public string Audience { get; init; } = "";

    /// <summary>The Secret key holding the JWKS (a JSON Web Key Set) that signs the tokens; key default <see cref="DefaultSigningKeysKey"/>.</summary>
    [JsonPropertyName("signingKeys")] public SecretKeyReference SigningKeys { get; init; } = new();

    /// <summary>Secret key read when <see cref="SigningKeys"/> names none.</summary>
    public const string DefaultSigningKeysKey = "jwks.json";
}
