using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Support;

/// <summary>kubectl (the machine's client) against the shared local control plane, as cluster admin.</summary>
public static class Kubectl
{
    /// <summary>Runs kubectl with the admin kubeconfig; <paramref name="stdin"/> feeds <c>-f -</c>.</summary>
    public static Task<ProcessResult> RunAsync(ControlPlane cp, string? stdin, params string[] args) =>
        ProcessRunner.RunAsync("kubectl", ["--kubeconfig", cp.KubeconfigPath, .. args], TimeSpan.FromMinutes(2), standardInput: stdin);

    /// <summary>Runs kubectl and fails the test on a non-zero exit; returns stdout.</summary>
    public static async Task<string> OkAsync(ControlPlane cp, params string[] args)
    {
        var r = await RunAsync(cp, null, args);
        r.ExitCode.ShouldBe(0, $"kubectl {string.Join(' ', args)}: {r.StandardError}");
        return r.StandardOutput;
    }
}
