namespace Rollouts.Serving.Hosting;

/// <summary>Authentication and where <c>/metrics</c> is served, read by <see cref="SecurityOptionsReader"/>; all off by default.</summary>
/// <param name="ApiKeysFile">File of API keys, one per line (<c>--api-keys-file</c>), or null.</param>
/// <param name="JwtIssuer">Required <c>iss</c> of JWTs (<c>--jwt-issuer</c>), or null when JWTs are off.</param>
/// <param name="JwtAudience">Required <c>aud</c> of JWTs (<c>--jwt-audience</c>), or null when JWTs are off.</param>
/// <param name="JwtSigningKeysFile">JWKS file with the keys JWTs may be signed with (<c>--jwt-signing-keys-file</c>), or null.</param>
/// <param name="MetricsPort">Port that alone serves <c>/metrics</c> (<c>--metrics-port</c>), or null for the main port.</param>
public sealed record SecurityOptions(string? ApiKeysFile, string? JwtIssuer, string? JwtAudience, string? JwtSigningKeysFile, int? MetricsPort)
{
    /// <summary>No authentication, metrics on the main port.</summary>
    public static SecurityOptions None { get; } = new(null, null, null, null, null);

    /// <summary>Whether API keys are checked.</summary>
    public bool ApiKeysEnabled => ApiKeysFile is not null;

    /// <summary>Whether JWTs are checked.</summary>
    public bool JwtEnabled => JwtSigningKeysFile is not null;

    /// <summary>Whether requests other than health (and metrics) need a credential.</summary>
    public bool AuthenticationEnabled => ApiKeysEnabled || JwtEnabled;
}
