using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary>A Prometheus stand-in that accepts connections, reads the request and never answers (a true boundary: a dead server).</summary>
public sealed class HangingPrometheus : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<TcpClient> held = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private int requests;

    public HangingPrometheus()
    {
        listener.Start();
        accepting = Task.Run(AcceptAsync);
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

    /// <summary>Requests received (and left unanswered) so far.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>Connections still open, i.e. requests the client is still waiting on.</summary>
    public int Open => held.Count(c => c.Connected && !(c.Client.Poll(0, SelectMode.SelectRead) && c.Client.Available == 0));

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        foreach (var c in held)
        {
            c.Dispose();
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            held.Add(client);
            _ = Task.Run(async () =>
            {
                var buffer = new byte[8192];
                try
                {
                    if (await client.GetStream().ReadAsync(buffer, stop.Token) > 0)
                    {
                        Interlocked.Increment(ref requests);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
                {
                }
            });
        }
    }
}
