using Rollouts.Testing;

namespace Rollouts.Analysis.Tests;

/// <summary>
/// One real Prometheus per test class, scraping itself as pod "prometheus-0" in namespace "monitoring" plus whatever
/// serving processes the tests add.
/// </summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    private readonly List<PrometheusScrapeTarget> targets = [];
    private readonly SemaphoreSlim gate = new(1, 1);

    public PrometheusServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await PrometheusServer.StartAsync();
        await AddTargetAsync(new PrometheusScrapeTarget(Server.Address.Authority, "monitoring", "prometheus-0"));
    }

    /// <summary>Adds a scrape target and waits until Prometheus has scraped it (up == 1).</summary>
    public async Task AddTargetAsync(PrometheusScrapeTarget target)
    {
        await gate.WaitAsync();
        try
        {
            targets.Add(target);
            await Server.SetTargetsAsync(targets);
        }
        finally
        {
            gate.Release();
        }

        await Server.WaitForAsync($"up{{namespace=\"{target.Namespace}\",pod=\"{target.Pod}\"}}", v => v == 1, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        gate.Dispose();
    }
}
