using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary>
/// A Prometheus stand-in that answers every query with HTTP 422 and a Prometheus error body
/// (<c>{"status":"error","errorType":"execution",…}</c>), as a Prometheus does for a query it cannot execute: a true
/// boundary, a local HTTP server on loopback.
/// </summary>
public sealed class ErroringPrometheus : IAsyncDisposable
{
    /// <summary>The error text every answer carries.</summary>
    public const string Error = "query processing would load too many samples into memory";

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private int requests;

    public ErroringPrometheus()
    {
        listener.Start();
        accepting = Task.Run(AcceptAsync);
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

    /// <summary>Queries answered so far.</summary>
    public int Requests => Volatile.Read(ref requests);

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

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = Task.Run(() => AnswerAsync(client, stop.Token));
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            while (!ct.IsCancellationRequested)
            {
                // One request: headers, then Content-Length bytes of form body (keep-alive: loop for the next one).
                var length = 0;
                string? line;
                var any = false;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(ct)))
                {
                    any = true;
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                if (!any)
                {
                    return; // closed
                }

                var body = new char[length];
                var read = 0;
                while (read < length && await reader.ReadAsync(body.AsMemory(read), ct) is var n and > 0)
                {
                    read += n;
                }

                Interlocked.Increment(ref requests);
                var json = $$"""{"status":"error","errorType":"execution","error":"{{Error}}"}""";
                var answer = $"HTTP/1.1 422 Unprocessable Entity\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}";
                await stream.WriteAsync(Encoding.UTF8.GetBytes(answer), ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
    }
}
