using System.Diagnostics;

namespace Rollouts.LocalCluster.Processes;

/// <summary>
/// Makes child processes die with their owner, even when the owner is killed with SIGKILL: a detached bash loop
/// (<c>setsid</c>) polls the owner's pid every second; when it is gone it sends SIGTERM, then SIGKILL 5 s later, to
/// every pid listed in <see cref="PidFile"/>, then removes the file. <see cref="Register"/> and <see cref="Unregister"/>
/// keep the file current. The same pattern as <c>dev/controlplane/up.sh --owner-pid</c>.
/// </summary>
public sealed class ProcessWatchdog : IDisposable
{
    private readonly object _gate = new();
    private readonly HashSet<int> _pids = [];
    private Process? _loop;

    private ProcessWatchdog(string pidFile) => PidFile = pidFile;

    /// <summary>The file listing the supervised pids, one per line.</summary>
    public string PidFile { get; }

    /// <summary>Starts a watchdog for the current process, keeping its pid list in <paramref name="pidFile"/>.</summary>
    /// <exception cref="InvalidOperationException">bash or setsid could not be started.</exception>
    public static ProcessWatchdog Start(string pidFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pidFile))!);
        File.WriteAllText(pidFile, "");
        var watchdog = new ProcessWatchdog(Path.GetFullPath(pidFile));
        var script =
            "owner=$1; f=$2; while kill -0 \"$owner\" 2>/dev/null; do sleep 1; done; " +
            "[ -f \"$f\" ] || exit 0; pids=$(cat \"$f\"); for p in $pids; do kill -TERM \"$p\" 2>/dev/null; done; " +
            "sleep 5; for p in $pids; do kill -KILL \"$p\" 2>/dev/null; done; rm -f \"$f\"";
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "bash", "-c", script, "watchdog", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), watchdog.PidFile })
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            watchdog._loop = Process.Start(info) ?? throw new InvalidOperationException("could not start the watchdog (setsid bash)");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"could not start the watchdog (setsid bash): {e.Message}", e);
        }

        watchdog._loop.StandardInput.Close();
        return watchdog;
    }

    /// <summary>Adds a pid to the list.</summary>
    public void Register(int pid)
    {
        lock (_gate)
        {
            if (_pids.Add(pid))
            {
                Write();
            }
        }
    }

    /// <summary>Removes a pid from the list (the process was stopped normally).</summary>
    public void Unregister(int pid)
    {
        lock (_gate)
        {
            if (_pids.Remove(pid))
            {
                Write();
            }
        }
    }

    /// <summary>Stops the watchdog loop (the owner cleaned up itself) and removes the pid file.</summary>
    public void Dispose()
    {
        try
        {
            if (_loop is { HasExited: false })
            {
                _loop.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _loop?.Dispose();
        try
        {
            File.Delete(PidFile);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private void Write()
    {
        var tmp = PidFile + ".tmp";
        File.WriteAllLines(tmp, _pids.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        File.Move(tmp, PidFile, overwrite: true);
    }
}
