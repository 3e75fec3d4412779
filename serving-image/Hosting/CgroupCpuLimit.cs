using System.Globalization;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// Reads the container's CPU quota from the cgroup file system: v2 <c>cpu.max</c> ("max 100000" or
/// "200000 100000": quota and period in µs), else v1 <c>cpu.cfs_quota_us</c> / <c>cpu.cfs_period_us</c>
/// (quota -1 means unlimited), looked up under the root and under its <c>cpu</c> and <c>cpu,cpuacct</c> folders.
/// </summary>
public static class CgroupCpuLimit
{
    /// <summary>The usual mount point of the cgroup file system.</summary>
    public const string DefaultRoot = "/sys/fs/cgroup";

    /// <summary>The CPU limit in cores (quota / period, e.g. 1.5), or null when unlimited or unreadable.</summary>
    public static double? ReadCores(string root = DefaultRoot)
    {
        var v2 = ReadFile(Path.Combine(root, "cpu.max"));
        if (v2 is not null)
        {
            var parts = v2.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && parts[0] == "max")
            {
                return null;
            }

            return parts.Length == 2 ? Ratio(parts[0], parts[1]) : null;
        }

        foreach (var folder in new[] { root, Path.Combine(root, "cpu"), Path.Combine(root, "cpu,cpuacct") })
        {
            var quota = ReadFile(Path.Combine(folder, "cpu.cfs_quota_us"));
            var period = ReadFile(Path.Combine(folder, "cpu.cfs_period_us"));
            if (quota is not null && period is not null)
            {
                return Ratio(quota, period);
            }
        }

        return null;
    }

    /// <summary>
    /// The default intra-op thread count: the quota rounded up (at least 1), else <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    public static int DefaultThreads(string root = DefaultRoot) =>
        ReadCores(root) is double cores ? Math.Max(1, (int)Math.Ceiling(cores)) : Environment.ProcessorCount;

    private static double? Ratio(string quotaText, string periodText)
    {
        if (!long.TryParse(quotaText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var quota) ||
            !long.TryParse(periodText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var period) ||
            quota <= 0 || period <= 0)
        {
            return null;
        }

        return (double)quota / period;
    }

    private static string? ReadFile(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
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
