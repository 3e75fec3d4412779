namespace Rollouts.BenchOperator;

/// <summary>
/// CPU used by named processes over an interval, as percent of one core: (utime + stime at the end − at the start)
/// ÷ wall time, from /proc/PID/stat (<see cref="ProcFs.CpuTime"/>). A process that exits inside the interval reads null.
/// </summary>
public sealed class CpuMeter
{
    private readonly TimeProvider _time;
    private readonly IReadOnlyDictionary<string, int> _pids;
    private readonly Dictionary<string, TimeSpan?> _start;
    private readonly long _started;

    private CpuMeter(TimeProvider time, IReadOnlyDictionary<string, int> pids)
    {
        _time = time;
        _pids = pids;
        _started = time.GetTimestamp();
        _start = pids.ToDictionary(kv => kv.Key, kv => ProcFs.CpuTime(kv.Value));
    }

    /// <summary>Starts measuring the processes <paramref name="pids"/> (name → pid).</summary>
    public static CpuMeter Start(TimeProvider time, IReadOnlyDictionary<string, int> pids) => new(time, pids);

    /// <summary>Percent of one core per process name since <see cref="Start"/> (null: the process exited).</summary>
    public IReadOnlyDictionary<string, double?> Stop()
    {
        var wall = _time.GetElapsedTime(_started).TotalSeconds;
        return _pids.ToDictionary(
            kv => kv.Key,
            kv => ProcFs.CpuTime(kv.Value) is { } end && _start[kv.Key] is { } begin && wall > 0
                ? (end - begin).TotalSeconds / wall * 100.0
                : (double?)null);
    }
}
