namespace Rollouts.Serving.Security;

/// <summary>The outcome of authenticating a request: the client's identity, or why it was refused (for the 401 body).</summary>
/// <param name="Identity">E.g. <c>key:1a2b…</c> or <c>sub:alice</c>; null on failure.</param>
/// <param name="Failure">The refusal message; null on success.</param>
public readonly record struct AuthResult(string? Identity, string? Failure)
{
    /// <summary>An accepted client.</summary>
    public static AuthResult Ok(string identity) => new(identity, null);

    /// <summary>A refused request.</summary>
    public static AuthResult Fail(string failure) => new(null, failure);
}
