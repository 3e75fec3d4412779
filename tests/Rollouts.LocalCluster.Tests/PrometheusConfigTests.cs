using Rollouts.LocalCluster.Processes;
using Rollouts.LocalCluster.Prometheus;

namespace Rollouts.LocalCluster.Tests;

public sealed class PrometheusConfigTests
{
    [Fact]
    public async Task The_generated_config_passes_promtool()
    {
        var dir = Directory.CreateTempSubdirectory("promcfg").FullName;
        try
        {
            var targets = Path.Combine(dir, "targets.json");
            FileSdTargets.Write(targets, [FileSdTargets.ForPod(Objects.Pod("iris-a-1", "1.0.0", ready: true, "127.0.1.2"))!]);
            var config = Path.Combine(dir, "prometheus.yml");
            await File.WriteAllTextAsync(config, PrometheusConfig.Render(targets, TimeSpan.FromSeconds(1)));
            var output = new List<string>();
            var code = await ScriptRunner.RunAsync("promtool", ["check", "config", config], null, l => { lock (output) { output.Add(l); } }, CancellationToken.None);
            code.ShouldBe(0, string.Join('\n', output));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
