using System.Collections.Concurrent;
using System.Net;
using Rollouts.Testing;

namespace Rollouts.Analysis.Tests;

/// <summary>
/// Real request traffic against a serving process until disposed: Iris rows in a fixed shuffled order (seeded),
/// optionally transformed (to shift the inputs away from the baseline), one request at a time with a short pause.
/// </summary>
public sealed class Traffic : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private Traffic(ServingProcess server, Func<float[], float[]> transform, int rowsPerRequest, TimeSpan pause)
    {
        var rows = ServingProcess.IrisRows.ToArray();
        new Random(42).Shuffle(rows);
        loop = Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var batch = Enumerable.Range(0, rowsPerRequest).Select(k => transform(rows[(i + k) % rows.Length])).ToList();
                    i += rowsPerRequest;
                    var status = rowsPerRequest == 1
                        ? await server.InferAsync(batch[0], stop.Token)
                        : await server.InferBatchAsync(batch, stop.Token);
                    Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                    await Task.Delay(pause, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // No answer (connection refused, client timeout): counted, traffic goes on.
                    Statuses.AddOrUpdate(HttpStatusCode.ServiceUnavailable, 1, (_, n) => n + 1);
                }
            }
        });
    }

    /// <summary>Answers seen, by HTTP status.</summary>
    public ConcurrentDictionary<HttpStatusCode, int> Statuses { get; } = new();

    public static Traffic Start(ServingProcess server, Func<float[], float[]>? transform = null, int rowsPerRequest = 1, int pauseMs = 5) =>
        new(server, transform ?? (r => r), rowsPerRequest, TimeSpan.FromMilliseconds(pauseMs));

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
