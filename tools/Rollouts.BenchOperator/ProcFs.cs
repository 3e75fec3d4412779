using System.Diagnostics;
using System.Globalization;

namespace Rollouts.BenchOperator;

/// <summary>
/// What Linux's /proc says about a process: memory from <c>/proc/PID/status</c> (<c>VmRSS</c>, <c>VmHWM</c>, in bytes),
/// CPU time from <c>/proc/PID/stat</c> (utime + stime, read through <see cref="Process.TotalProcessorTime"/>), and the
/// machine's load average from <c>/proc/loadavg</c>. A process that has exited reads as null.
/// </summary>
public static class ProcFs
{
    /// <summary>
    /// The file name of the program (argv[0] of <c>/proc/PID/cmdline</c> without its folder, e.g.
    /// "kube-controller-manager"; <c>comm</c> would cut it at 15 characters), or null when there is no such process.
    /// </summary>
    public static string? Program(int pid) =>
        Read($"/proc/{pid}/cmdline") is { Length: > 0 } cmdline ? Path.GetFileName(cmdline.Split('\0')[0]) : null;

    /// <summary>Resident set size now (VmRSS), bytes.</summary>
    public static long? Rss(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    /// <summary>Peak resident set size since the process started (VmHWM), bytes.</summary>
    public static long? PeakRss(int pid) => StatusKilobytes(pid, "VmHWM:") * 1024;

    /// <summary>User plus system CPU time consumed so far, or null when the process is gone.</summary>
    public static TimeSpan? CpuTime(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return p.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages, as /proc/loadavg prints them (e.g. "0.95 1.68 4.09").</summary>
    public static string LoadAverage() =>
        string.Join(' ', (Read("/proc/loadavg") ?? "? ? ?").Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3));

    /// <summary>Total memory of the machine (MemTotal), bytes; 0 when unknown.</summary>
    public static long MemoryTotal() => Field(Read("/proc/meminfo"), "MemTotal:") * 1024 ?? 0;

    /// <summary>The CPU model name (first "model name" of /proc/cpuinfo), or "unknown CPU".</summary>
    public static string CpuModel() =>
        Read("/proc/cpuinfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? "unknown CPU";

    private static long? StatusKilobytes(int pid, string key) => Field(Read($"/proc/{pid}/status"), key);

    private static long? Field(string? text, string key)
    {
        var line = text?.Split('\n').FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        var number = line?[key.Length..].Trim().Split(' ')[0];
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : null;
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
