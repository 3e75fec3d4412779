using System.Diagnostics;

namespace Rollouts.Testing;

/// <summary>Starting child processes that cannot outlive the test host.</summary>
public sealed partial class ServingProcess
{
    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/> under a small <c>sh</c> watchdog that
    /// kills it when this test process exits (even by SIGKILL), its output going to <paramref name="logPath"/>.
    /// Stop it with <see cref="Process.Kill(bool)"/> (entire tree). Used by <see cref="PrometheusServer"/> too.
    /// </summary>
    internal static Process StartOwned(string fileName, IEnumerable<string> arguments, string logPath, string? workingDirectory = null)
    {
        var script = "\"$0\" \"$@\" >>\"$ROLLOUTS_CHILD_LOG\" 2>&1 & c=$!; "
            + "while kill -0 \"$ROLLOUTS_OWNER_PID\" 2>/dev/null && kill -0 $c 2>/dev/null; do sleep 0.5; done; "
            + "kill $c 2>/dev/null; wait $c";
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(fileName);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["ROLLOUTS_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["ROLLOUTS_CHILD_LOG"] = logPath;
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
    }

    /// <summary>Kills <paramref name="process"/> and its children and waits for them (at most 30 s).</summary>
    internal static async Task StopOwnedAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(cts.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (e.g. for a server's second port, such as --grpc-port).</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Last <paramref name="chars"/> characters of a log file, or "" when unreadable.</summary>
    internal static string Tail(string path, int chars = 4000)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            return text.Length <= chars ? text : text[^chars..];
        }
        catch (IOException)
        {
            return "";
        }
    }
}
