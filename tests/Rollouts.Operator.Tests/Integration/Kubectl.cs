using System.Diagnostics;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>Runs the machine's kubectl against the test control plane.</summary>
public static class Kubectl
{
    public static async Task<(int Code, string Output)> RunAsync(string kubeconfig, string args, string? stdin = null)
    {
        var psi = new ProcessStartInfo("kubectl", $"--kubeconfig {kubeconfig} {args}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
        };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("kubectl did not start");
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }

        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, (await stdout) + (await stderr));
    }

    public static async Task<string> OkAsync(string kubeconfig, string args, string? stdin = null)
    {
        var (code, output) = await RunAsync(kubeconfig, args, stdin);
        code.ShouldBe(0, $"kubectl {args}: {output}");
        return output;
    }
}
