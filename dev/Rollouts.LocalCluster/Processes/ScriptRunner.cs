using System.Diagnostics;

namespace Rollouts.LocalCluster.Processes;

/// <summary>Runs a command to completion, streaming its output lines to a callback (e.g. build progress).</summary>
public static class ScriptRunner
{
    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> and returns its exit code.</summary>
    /// <param name="fileName">Executable.</param>
    /// <param name="arguments">Arguments.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="onLine">Receives each stdout/stderr line (from two threads: be thread-safe); null discards.</param>
    /// <param name="ct">Cancellation: the process tree is killed.</param>
    /// <exception cref="InvalidOperationException">It could not be started.</exception>
    public static async Task<int> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, Action<string>? onLine, CancellationToken ct)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { onLine?.Invoke(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { onLine?.Invoke(e.Data); } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"could not start {fileName}: {e.Message}", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode;
    }
}
