using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace Rollouts.Serving.Security;

/// <summary>
/// JWT bearer tokens through ASP.NET Core's JwtBearer handler (Microsoft.AspNetCore.Authentication.JwtBearer): issuer
/// and audience must be the configured ones, the lifetime must hold (30 s clock skew), and the signature must verify
/// with a key of the JWKS file (<c>--jwt-signing-keys-file</c>, re-read like the API keys file, so rotating keys is
/// rewriting the file). A refusal names what failed — expired, wrong issuer, wrong audience, bad signature, malformed —
/// without echoing the token or key material. The identity is <c>sub:</c> and the <c>sub</c> claim (else the token's
/// <c>jti</c>, else <c>sub:?</c>).
/// </summary>
public sealed class JwtAuthenticator(PolledFile<JsonWebKeySet> signingKeys) : IDisposable
{
    /// <summary>The authentication scheme name registered for the handler.</summary>
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The keys tokens may be signed with now.</summary>
    public IList<SecurityKey> SigningKeys => signingKeys.Current.GetSigningKeys();

    /// <summary>Whether a credential has the shape of a compact JWS (three base64url parts).</summary>
    public static bool LooksLikeJwt(string credential) => credential.Count(c => c == '.') == 2;

    /// <summary>Parses a JWKS file; null with an error when it is not a JWKS or holds no signing key.</summary>
    public static JsonWebKeySet? ParseJwks(byte[] content, out string? error)
    {
        try
        {
            var set = new JsonWebKeySet(System.Text.Encoding.UTF8.GetString(content));
            error = set.GetSigningKeys().Count == 0 ? "it holds no usable signing key" : null;
            return error is null ? set : null;
        }
        catch (ArgumentException)
        {
            error = "it is not a JSON Web Key Set ({\"keys\": [...]})";
            return null;
        }
    }

    /// <summary>The handler's validation settings: issuer, audience, lifetime, and the current JWKS keys.</summary>
    public void Configure(JwtBearerOptions options, string issuer, string audience)
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            IssuerSigningKeyResolver = (_, _, _, _) => SigningKeys,
        };
    }

    /// <summary>Validates the request's bearer token with the JwtBearer handler; the identity or why not.</summary>
    public async ValueTask<AuthResult> AuthenticateAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme).ConfigureAwait(false);
        if (result.Succeeded)
        {
            var principal = result.Principal;
            var subject = principal.FindFirstValue("sub") ?? principal.FindFirstValue("jti") ?? "?";
            return AuthResult.Ok("sub:" + subject);
        }

        return AuthResult.Fail(Describe(result.Failure));
    }

    /// <summary>Stops polling the JWKS file.</summary>
    public void Dispose() => signingKeys.Dispose();

    /// <summary>What was wrong with a token, from the handler's failure (no token or key material in it).</summary>
    public static string Describe(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException e => $"invalid token: expired at {e.Expires:yyyy-MM-ddTHH:mm:ssZ}",
        SecurityTokenNotYetValidException e => $"invalid token: not valid before {e.NotBefore:yyyy-MM-ddTHH:mm:ssZ}",
        SecurityTokenNoExpirationException => "invalid token: it has no expiry (exp)",
        SecurityTokenInvalidIssuerException => "invalid token: wrong issuer (iss is not the one --jwt-issuer names)",
        SecurityTokenInvalidAudienceException => "invalid token: wrong audience (aud does not include the one --jwt-audience names)",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
            "invalid token: bad signature (not signed by a key in --jwt-signing-keys-file)",
        SecurityTokenMalformedException or ArgumentException => "invalid token: malformed",
        null => "invalid token",
        _ => $"invalid token: {failure.GetType().Name.Replace("SecurityToken", "", StringComparison.Ordinal).Replace("Exception", "", StringComparison.Ordinal)}",
    };
}
