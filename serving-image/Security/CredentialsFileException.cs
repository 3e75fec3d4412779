namespace Rollouts.Serving.Security;

/// <summary>A credentials file (API keys, JWKS) that cannot be read or is refused at start; the server exits with code 2.</summary>
public sealed class CredentialsFileException(string message) : Exception(message);
