using System.Globalization;
using Rollouts.LocalCluster.Processes;

namespace Rollouts.LocalCluster.Orchestration;

/// <summary>
/// The operator run as a process, as in a cluster but against the local kubeconfig:
/// <c>dotnet operator/Rollouts.Operator/bin/CFG/net10.0/Rollouts.Operator.dll --kubeconfig K --serving-image I
/// --prometheus-url P --namespace NS --metrics-address http://127.0.0.1:PORT</c>.
/// </summary>
public static class OperatorProcess
{
    /// <summary>The operator assembly of a build configuration.</summary>
    public static string Assembly(string repositoryRoot, string configuration) =>
        Path.Combine(repositoryRoot, "operator", "Rollouts.Operator", "bin", configuration, "net10.0", "Rollouts.Operator.dll");

    /// <summary>The command-line arguments (after <c>dotnet</c>).</summary>
    public static IReadOnlyList<string> Arguments(string assembly, string kubeconfig, string servingImage, Uri prometheus, string ns, int metricsPort) =>
    [
        assembly,
        "--kubeconfig", kubeconfig,
        "--serving-image", servingImage,
        "--prometheus-url", prometheus.ToString().TrimEnd('/'),
        "--namespace", ns,
        "--metrics-address", $"http://127.0.0.1:{metricsPort.ToString(CultureInfo.InvariantCulture)}",
    ];

    /// <summary>Starts the operator.</summary>
    /// <exception cref="InvalidOperationException">The assembly is not built (message says how to build it).</exception>
    public static ChildProcess Start(string assembly, IReadOnlyList<string> arguments, string logPath, ProcessWatchdog watchdog)
    {
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"the operator is not built: {assembly} is missing (dotnet build operator/Rollouts.Operator)");
        }

        return ChildProcess.Start("dotnet", arguments, new Dictionary<string, string?> { ["DOTNET_gcServer"] = "0" }, logPath, watchdog);
    }
}
