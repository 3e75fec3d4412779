using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace Rollouts.BenchOperator;

/// <summary>
/// What the benchmark can say about the operator build it runs, read from the files: the GC mode from its
/// runtimeconfig.json, whether its assemblies carry ReadyToRun code (the CLI header's ManagedNativeHeader, which
/// ECMA-335 II.25.3.3 reserves as 0 and a ReadyToRun image points at its READYTORUN_HEADER), and the runtime settings
/// it is started with.
/// </summary>
public static class OperatorBuild
{
    /// <summary>"server" or "workstation" as the runtimeconfig.json beside <paramref name="dll"/> sets System.GC.Server; "unknown" without one.</summary>
    public static string Gc(string dll)
    {
        var config = Path.ChangeExtension(dll, ".runtimeconfig.json");
        if (!File.Exists(config))
        {
            return "unknown";
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(config));
        return doc.RootElement.TryGetProperty("runtimeOptions", out var ro) && ro.TryGetProperty("configProperties", out var cp) &&
               cp.TryGetProperty("System.GC.Server", out var server) && server.ValueKind == JsonValueKind.True
            ? "server"
            : "workstation";
    }

    /// <summary>True when <paramref name="assembly"/> is a ReadyToRun image (its CLI header has a managed native header).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="BadImageFormatException">It is not a PE file.</exception>
    public static bool IsReadyToRun(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    /// <summary>
    /// One line for the report: which of the operator's own assembly and KubernetesClient.dll beside it are ReadyToRun
    /// (or "JIT only"), then <paramref name="environment"/> as NAME=VALUE.
    /// </summary>
    public static string Describe(string dll, IReadOnlyDictionary<string, string> environment)
    {
        var compiled = new[] { dll, Path.Combine(Path.GetDirectoryName(dll) ?? ".", "KubernetesClient.dll") }
            .Where(File.Exists)
            .Where(IsReadyToRun)
            .Select(Path.GetFileName)
            .ToList();
        var code = compiled.Count == 0 ? "JIT only" : "ReadyToRun: " + string.Join(", ", compiled);
        return string.Join("; ", [code, .. environment.Select(e => $"{e.Key}={e.Value}")]);
    }
}
