using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Rollouts.Testing;

/// <summary>
/// A real Redis for tests: Debian's <c>redis-server</c> (installed by <c>dev/install-deps.sh</c>) on a free loopback
/// port, without persistence, in a temporary folder. <see cref="StopAsync"/> kills it (a Redis that goes away) and
/// <see cref="StartAgainAsync"/> starts a fresh, empty one on the same port (a Redis that comes back). Disposing kills it
/// and deletes the folder; a watchdog kills it if the test host dies.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string directory;
    private Process? process;

    private RedisServer(int port, string directory)
    {
        Port = port;
        this.directory = directory;
    }

    /// <summary>The listening port.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, as <c>--cache-redis</c> takes it.</summary>
    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The server's log.</summary>
    public string LogPath => Path.Combine(directory, "redis.log");

    /// <summary>Starts redis-server on a free port and waits until it answers PING (at most 60 s).</summary>
    /// <exception cref="InvalidOperationException">redis-server is not installed or did not start (message carries its log).</exception>
    public static async Task<RedisServer> StartAsync(CancellationToken ct = default)
    {
        if (!File.Exists("/usr/bin/redis-server"))
        {
            throw new InvalidOperationException("/usr/bin/redis-server is missing: run dev/install-deps.sh (make deps)");
        }

        var server = new RedisServer(ServingProcess.FreePort(), Directory.CreateTempSubdirectory("rollouts-redis-").FullName);
        await server.StartAgainAsync(ct);
        return server;
    }

    /// <summary>Starts a fresh, empty redis-server on <see cref="Port"/> (after <see cref="StopAsync"/>) and waits for PING.</summary>
    public async Task StartAgainAsync(CancellationToken ct = default)
    {
        if (process is not null)
        {
            throw new InvalidOperationException("redis-server is still running");
        }

        process = ServingProcess.StartOwned("/usr/bin/redis-server",
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory],
            LogPath, directory);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if (await CommandAsync("PING", ct) == "+PONG")
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, ct);
        }

        throw new InvalidOperationException($"redis-server did not start on port {Port}. Log:\n{ServingProcess.Tail(LogPath)}");
    }

    /// <summary>Kills redis-server: its clients see their connections reset and nothing listens on the port.</summary>
    public async Task StopAsync()
    {
        if (process is { } running)
        {
            await ServingProcess.StopOwnedAsync(running);
            running.Dispose();
            process = null;
        }
    }

    /// <summary>The number of keys (DBSIZE).</summary>
    public async Task<long> KeyCountAsync(CancellationToken ct = default)
    {
        var reply = await CommandAsync("DBSIZE", ct);
        return long.Parse(reply.TrimStart(':'), CultureInfo.InvariantCulture);
    }

    /// <summary>Sends one inline command and returns its reply line (<c>+PONG</c>, <c>:3</c>), or a bulk reply's text (without its <c>$length</c> line).</summary>
    public async Task<string> CommandAsync(string command, CancellationToken ct = default)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), ct);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var line = await reader.ReadLineAsync(ct) ?? throw new IOException("redis closed the connection");
        return line.StartsWith('$') && line != "$-1" ? await reader.ReadLineAsync(ct) ?? "" : line;
    }

    /// <summary>Kills the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
