namespace Rollouts.BenchOperator;

/// <summary>
/// Samples a process's resident set size (VmRSS of /proc/PID/status) once a second in the background, so a window's
/// mean and maximum can be read; the kernel's own peak (VmHWM) is read separately by <see cref="ProcFs.PeakRss"/>.
/// </summary>
public sealed class RssSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long At, long Bytes)> _samples = [];
    private readonly Task _loop;

    /// <summary>Starts sampling <paramref name="pid"/>.</summary>
    public RssSampler(int pid, TimeProvider time)
    {
        _pid = pid;
        _time = time;
        _loop = RunAsync(_stop.Token);
    }

    /// <summary>Mean and maximum RSS (bytes) of the samples taken between the timestamps, or null when none was.</summary>
    public (long Mean, long Max)? Between(long fromTimestamp, long toTimestamp)
    {
        lock (_samples)
        {
            var w = _samples.Where(s => s.At >= fromTimestamp && s.At <= toTimestamp).Select(s => s.Bytes).ToList();
            return w.Count == 0 ? null : ((long)w.Average(), w.Max());
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        do
        {
            if (ProcFs.Rss(_pid) is { } rss)
            {
                lock (_samples)
                {
                    _samples.Add((_time.GetTimestamp(), rss));
                }
            }
        }
        while (await Tick(timer, ct).ConfigureAwait(false));
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
