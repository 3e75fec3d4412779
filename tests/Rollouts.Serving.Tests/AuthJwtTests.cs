using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Tests;

/// <summary>
/// JWT bearer tokens on the real server process, signed with RSA keys generated here and published in a JWKS file:
/// valid, expired, wrong audience, wrong issuer, bad signature, key rotation by rewriting the JWKS file, and API keys
/// accepted beside JWTs; incomplete JWT switches are refused at start.
/// </summary>
public sealed class AuthJwtTests : IDisposable
{
    private const string Issuer = "https://issuer.example";
    private const string Audience = "rollouts-serving";

    private readonly AuthHelpers files = new();
    private readonly RSA first = RSA.Create(2048);
    private readonly RSA second = RSA.Create(2048);

    [Fact]
    public async Task Tokens_are_checked_for_lifetime_issuer_audience_and_signature_and_keys_rotate_with_the_jwks_file()
    {
        var jwks = files.WriteSecret("jwks.json", Jwks(("k1", first)));
        var keys = Path.Combine(files.Folder, "api-keys");
        File.WriteAllText(keys, "an-api-key-too\n");
        await using var server = await AuthHelpers.StartAsync(
            "--jwt-issuer", Issuer, "--jwt-audience", Audience, "--jwt-signing-keys-file", jwks, "--api-keys-file", keys);

        (await Status(server.Address, Token(first, "k1"))).ShouldBe((HttpStatusCode.OK, null));
        (await Status(server.Address, "an-api-key-too")).ShouldBe((HttpStatusCode.OK, null), "either credential is accepted");
        (await Status(server.Address, Token(first, "k1", expires: DateTime.UtcNow.AddHours(-1)))).Error.ShouldStartWith("invalid token: expired at ");
        (await Status(server.Address, Token(first, "k1", audience: "someone-else"))).Error.ShouldBe("invalid token: wrong audience (aud does not include the one --jwt-audience names)");
        (await Status(server.Address, Token(first, "k1", issuer: "https://evil.example"))).Error.ShouldBe("invalid token: wrong issuer (iss is not the one --jwt-issuer names)");
        (await Status(server.Address, Token(second, "k1"))).Error.ShouldBe("invalid token: bad signature (not signed by a key in --jwt-signing-keys-file)");
        (await Status(server.Address, "not.a.jwt")).Error.ShouldBe("invalid token: malformed");
        (await Status(server.Address, "neither-key-nor-token")).Error.ShouldBe("invalid API key (and not a JWT)");
        (await Status(server.Address, Token(first, "k1"))).Status.ShouldBe(HttpStatusCode.OK, "still serving after the refusals");

        // Rotation: the JWKS now holds only the second key.
        files.WriteSecret("jwks.json", Jwks(("k2", second)));
        await AuthHelpers.WaitUntilAsync(async () => (await Status(server.Address, Token(second, "k2"))).Status == HttpStatusCode.OK, "the new key is accepted");
        (await Status(server.Address, Token(first, "k1"))).Error.ShouldBe("invalid token: bad signature (not signed by a key in --jwt-signing-keys-file)");
        File.ReadAllText(server.LogPath).ShouldNotContain(Token(second, "k2")[..40]);
    }

    [Fact]
    public void Jwt_switches_come_together_and_the_jwks_must_hold_a_key()
    {
        var errors = new StringWriter();
        ServingHost.Build(AuthHelpers.BuildArgs("--jwt-issuer", Issuer), errors).ShouldBeNull();
        errors.ToString().ShouldContain("JWT authentication needs --jwt-issuer, --jwt-audience and --jwt-signing-keys-file together: got --jwt-issuer, missing --jwt-audience (SERVING_JWT_AUDIENCE), --jwt-signing-keys-file (SERVING_JWT_SIGNING_KEYS_FILE)");

        var bad = Path.Combine(files.Folder, "bad.json");
        File.WriteAllText(bad, """{"keys": []}""");
        errors = new StringWriter();
        ServingHost.Build(AuthHelpers.BuildArgs("--jwt-issuer", Issuer, "--jwt-audience", Audience, "--jwt-signing-keys-file", bad), errors).ShouldBeNull();
        errors.ToString().ShouldContain("--jwt-signing-keys-file: '" + bad + "' is refused: it holds no usable signing key");
    }

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
        files.Dispose();
    }

    private static async Task<(HttpStatusCode Status, string? Error)> Status(Uri address, string bearer)
    {
        using var client = AuthHelpers.Client(address, bearer);
        using var response = await AuthHelpers.InferAsync(client, "iris");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return (response.StatusCode, null);
        }

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldNotContain(bearer);
        return (response.StatusCode, JsonNode.Parse(text)!["error"]!.GetValue<string>());
    }

    private static string Token(RSA rsa, string kid, string issuer = Issuer, string audience = Audience, DateTime? expires = null)
    {
        var end = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "alice")]),
            IssuedAt = end.AddMinutes(-20),
            NotBefore = end.AddMinutes(-20),
            Expires = end,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        });
    }

    private static string Jwks(params (string Kid, RSA Rsa)[] keys)
    {
        var array = new JsonArray();
        foreach (var (kid, rsa) in keys)
        {
            var p = rsa.ExportParameters(includePrivateParameters: false);
            array.Add(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = kid,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            });
        }

        return new JsonObject { ["keys"] = array }.ToJsonString();
    }
}
