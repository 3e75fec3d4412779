using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Tests;

/// <summary>The intra-op thread default follows the container's CPU quota, read from a temp cgroup tree.</summary>
public sealed class CgroupCpuLimitTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cgroup-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Theory]
    [InlineData("200000 100000", 2)]
    [InlineData("150000 100000", 2)]
    [InlineData("50000 100000", 1)]
    [InlineData("400000 100000\n", 4)]
    public void Cgroup_v2_quota_rounds_up(string cpuMax, int threads)
    {
        File.WriteAllText(Path.Combine(root, "cpu.max"), cpuMax);
        CgroupCpuLimit.DefaultThreads(root).ShouldBe(threads);
    }

    [Fact]
    public void Cgroup_v2_without_a_quota_uses_the_processor_count()
    {
        File.WriteAllText(Path.Combine(root, "cpu.max"), "max 100000");
        CgroupCpuLimit.ReadCores(root).ShouldBeNull();
        CgroupCpuLimit.DefaultThreads(root).ShouldBe(Environment.ProcessorCount);
    }

    [Theory]
    [InlineData("", "300000", "100000", 3)]
    [InlineData("cpu", "250000", "100000", 3)]
    [InlineData("cpu,cpuacct", "100000", "100000", 1)]
    public void Cgroup_v1_quota_and_period(string folder, string quota, string period, int threads)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, folder)).FullName;
        File.WriteAllText(Path.Combine(dir, "cpu.cfs_quota_us"), quota);
        File.WriteAllText(Path.Combine(dir, "cpu.cfs_period_us"), period);
        CgroupCpuLimit.DefaultThreads(root).ShouldBe(threads);
    }

    [Fact]
    public void Cgroup_v1_unlimited_and_no_cgroup_use_the_processor_count()
    {
        File.WriteAllText(Path.Combine(root, "cpu.cfs_quota_us"), "-1");
        File.WriteAllText(Path.Combine(root, "cpu.cfs_period_us"), "100000");
        CgroupCpuLimit.DefaultThreads(root).ShouldBe(Environment.ProcessorCount);
        CgroupCpuLimit.DefaultThreads(Path.Combine(root, "missing")).ShouldBe(Environment.ProcessorCount);
    }
}
