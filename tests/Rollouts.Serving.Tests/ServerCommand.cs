using System.Diagnostics;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>Runs the built server as a real process until it exits (at most 90 s) and returns its exit code and output.</summary>
internal static class ServerCommand
{
    /// <summary>Runs <c>dotnet Rollouts.Serving.dll</c> with <paramref name="args"/>.</summary>
    public static Task<(int Code, string Output)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs <c>dotnet Rollouts.Serving.dll</c> with <paramref name="args"/> and extra environment variables.</summary>
    public static async Task<(int Code, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ServerDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the server process did not exit within 90 s (a hang)");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The built server: beside the tests (copied as a project reference), else its own bin folder.</summary>
    internal static string ServerDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Rollouts.Serving.dll");
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "Rollouts.Serving.runtimeconfig.json")))
        {
            return beside;
        }

        foreach (var configuration in new[] { "Debug", "Release" })
        {
            var own = RepositoryPaths.InRepo($"serving-image/bin/{configuration}/net10.0/Rollouts.Serving.dll");
            if (File.Exists(own))
            {
                return own;
            }
        }

        throw new FileNotFoundException("build serving-image first: Rollouts.Serving.dll not found");
    }
}
