using Microsoft.AspNetCore.Http;

namespace Rollouts.Serving.Security;

/// <summary>
/// Checks <c>Authorization: Bearer CREDENTIAL</c>: an API key from the keys file (identity <c>key:</c> + digest
/// prefix), else, when JWTs are on, a JWT (identity <c>sub:</c> + subject). With both on, either is accepted. The
/// failure messages say what was wrong without echoing the credential.
/// </summary>
public sealed class Authenticator(PolledFile<ApiKeySet>? keys, JwtAuthenticator? jwt) : IDisposable
{
    private const string Scheme = "Bearer ";

    /// <summary>Returns the client's identity, or a failure message for a 401.</summary>
    public async ValueTask<AuthResult> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthResult.Fail($"missing credentials: send 'Authorization: Bearer <{Expected}>'");
        }

        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            return AuthResult.Fail($"unsupported Authorization header: expected 'Bearer <{Expected}>'");
        }

        var credential = header[Scheme.Length..].Trim();
        if (keys is not null && keys.Current.Matches(credential, out var identity))
        {
            return AuthResult.Ok(identity);
        }

        if (jwt is not null && (keys is null || JwtAuthenticator.LooksLikeJwt(credential)))
        {
            return await jwt.AuthenticateAsync(context).ConfigureAwait(false);
        }

        return AuthResult.Fail(jwt is null ? "invalid API key" : "invalid API key (and not a JWT)");
    }

    /// <summary>Stops polling the credentials files.</summary>
    public void Dispose()
    {
        keys?.Dispose();
        jwt?.Dispose();
    }

    private string Expected => (keys, jwt) switch
    {
        (not null, not null) => "API key or JWT",
        (not null, null) => "API key",
        _ => "JWT",
    };
}
