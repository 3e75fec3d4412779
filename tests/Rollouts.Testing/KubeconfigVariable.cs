namespace Rollouts.Testing;

/// <summary>
/// Sets <c>KUBECONFIG</c> for the life of the scope and restores the previous value after. The variable is
/// process-wide: use it only in tests that do not run beside others reading it (one xunit collection runs its
/// classes one at a time).
/// </summary>
public sealed class KubeconfigVariable : IDisposable
{
    private readonly string? previous = Environment.GetEnvironmentVariable("KUBECONFIG");

    private KubeconfigVariable(string? value) => Environment.SetEnvironmentVariable("KUBECONFIG", value);

    /// <summary>Sets the variable to <paramref name="files"/> joined with ':' (the platform's path separator).</summary>
    public static KubeconfigVariable Set(params string[] files) => new(string.Join(Path.PathSeparator, files));

    /// <inheritdoc />
    public void Dispose() => Environment.SetEnvironmentVariable("KUBECONFIG", previous);
}
