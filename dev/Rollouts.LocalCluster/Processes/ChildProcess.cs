using System.Diagnostics;

namespace Rollouts.LocalCluster.Processes;

/// <summary>
/// A supervised child process: started with its own arguments, environment and log file (stdout and stderr appended),
/// registered with a <see cref="ProcessWatchdog"/> when one is given (so it dies with its owner even if the owner is
/// killed), stopped with SIGTERM then SIGKILL after a grace period.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ProcessWatchdog? _watchdog;

    private ChildProcess(Process process, StreamWriter log, ProcessWatchdog? watchdog)
    {
        _process = process;
        _log = log;
        _watchdog = watchdog;
    }

    /// <summary>The operating-system process id.</summary>
    public int Id => _process.Id;

    /// <summary>The log file receiving stdout and stderr.</summary>
    public required string LogPath { get; init; }

    /// <summary>Completes with the exit code when the process exits.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>.</summary>
    /// <param name="fileName">Executable (searched on PATH).</param>
    /// <param name="arguments">Arguments, passed as a list (no shell quoting).</param>
    /// <param name="environment">Variables added to (or replacing) the inherited environment; a null value removes one.</param>
    /// <param name="logPath">File receiving stdout and stderr (created, appended to).</param>
    /// <param name="watchdog">Optional watchdog that kills the process when the owner exits.</param>
    /// <param name="workingDirectory">Working directory; null = the current one.</param>
    /// <exception cref="InvalidOperationException">The process could not be started (message names the executable).</exception>
    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment,
        string logPath,
        ProcessWatchdog? watchdog = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                if (v is null)
                {
                    info.Environment.Remove(k);
                }
                else
                {
                    info.Environment[k] = v;
                }
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, log, watchdog) { LogPath = logPath };
        process.OutputDataReceived += (_, e) => child.WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => child.WriteLog(e.Data);
        process.Exited += (_, _) => child.OnExited();
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"could not start {fileName}");
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Dispose();
            throw new InvalidOperationException($"could not start {fileName}: {e.Message}", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        watchdog?.Register(process.Id);
        return child;
    }

    /// <summary>Stops the process: SIGTERM, then SIGKILL when it has not exited within <paramref name="grace"/>.</summary>
    /// <param name="grace">How long to wait after SIGTERM.</param>
    /// <param name="ct">Cancellation of the wait (the process is then killed at once).</param>
    public async Task StopAsync(TimeSpan grace, CancellationToken ct)
    {
        if (!HasExited)
        {
            Signals.Terminate(_process.Id);
            try
            {
                await _exited.Task.WaitAsync(grace, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                Kill();
            }
        }

        _watchdog?.Unregister(_process.Id);
    }

    /// <summary>Kills the process (SIGKILL) at once; no-op when it has exited.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of the log (for error messages).</summary>
    public string Tail(int lines = 20)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void WriteLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after disposal is dropped.
            }
        }
    }

    private void OnExited()
    {
        int code;
        try
        {
            // Drain the asynchronous readers before reporting the exit.
            _process.WaitForExit();
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        _exited.TrySetResult(code);
    }
}
