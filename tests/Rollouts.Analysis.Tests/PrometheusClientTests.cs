using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Analysis.Prometheus;

namespace Rollouts.Analysis.Tests;

/// <summary>The client against a real Prometheus 2.42: every kind of answer is recognised, no failure throws.</summary>
public sealed class PrometheusClientTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>
{
    private static PrometheusClient Client(Uri address, Action<PrometheusClientOptions>? tweak = null, PrometheusClientOptions? options = null)
    {
        options ??= new PrometheusClientOptions
        {
            Address = address,
            PerTryTimeout = TimeSpan.FromSeconds(5),
            MaxRetries = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        };
        return new PrometheusClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, options, TimeProvider.System, NullLogger<PrometheusClient>.Instance);
    }

    [Theory]
    [InlineData("vector(0.25)", QueryOutcome.Number, 1)]
    [InlineData("scalar(vector(0.5))", QueryOutcome.Number, 1)]
    [InlineData("vector(0) / 0", QueryOutcome.NaN, 1)]
    [InlineData("vector(1) / 0", QueryOutcome.PositiveInfinity, 1)]
    [InlineData("vector(-1) / 0", QueryOutcome.NegativeInfinity, 1)]
    [InlineData("1 / 0", QueryOutcome.PositiveInfinity, 1)]
    [InlineData("vector(1) > 2", QueryOutcome.Empty, 0)]
    [InlineData("up{namespace=\"no-such-namespace\"}", QueryOutcome.Empty, 0)]
    [InlineData("label_replace(vector(1), \"a\", \"x\", \"\", \"\") or label_replace(vector(2), \"a\", \"y\", \"\", \"\")", QueryOutcome.MultipleSeries, 2)]
    public async Task Every_kind_of_result_is_recognised(string query, QueryOutcome outcome, int series)
    {
        var result = await Client(prometheus.Server.Address).QueryAsync(query, DateTimeOffset.UtcNow, CancellationToken.None);
        result.Outcome.ShouldBe(outcome, result.ToString());
        result.SeriesCount.ShouldBe(series);
    }

    [Fact]
    public async Task Values_come_back_exactly()
    {
        var result = await Client(prometheus.Server.Address).QueryAsync("vector(0.134)", DateTimeOffset.UtcNow, CancellationToken.None);
        result.Value.ShouldBe(0.134);
    }

    [Fact]
    public async Task Relabeled_target_labels_are_queryable()
    {
        var result = await Client(prometheus.Server.Address).QueryAsync("up{namespace=\"monitoring\",pod=\"prometheus-0\"}", DateTimeOffset.UtcNow, CancellationToken.None);
        (result.Outcome, result.Value).ShouldBe((QueryOutcome.Number, 1.0));
    }

    [Theory]
    [InlineData("sum(", "Prometheus bad_data")]
    [InlineData("rate(up[1m]", "Prometheus bad_data")]
    [InlineData("up[1m]", "unsupported result type 'matrix'")]
    public async Task A_bad_query_is_an_Error_with_Prometheus_reason(string query, string expected)
    {
        var result = await Client(prometheus.Server.Address).QueryAsync(query, DateTimeOffset.UtcNow, CancellationToken.None);
        result.Outcome.ShouldBe(QueryOutcome.Error);
        result.Error.ShouldNotBeNull().ShouldContain(expected);
    }

    [Fact]
    public async Task An_unreachable_Prometheus_is_an_Error_not_an_exception()
    {
        var port = FreePort();
        var result = await Client(new Uri($"http://127.0.0.1:{port}/")).QueryAsync("vector(1)", DateTimeOffset.UtcNow, CancellationToken.None);
        result.Outcome.ShouldBe(QueryOutcome.Error);
        result.Error.ShouldNotBeNull().ShouldContain("Prometheus unreachable");
    }

    [Fact]
    public async Task A_Prometheus_that_never_answers_times_out_per_try()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");
        var client = Client(address, options: new PrometheusClientOptions
        {
            Address = address, PerTryTimeout = TimeSpan.FromMilliseconds(300), MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });

        var result = await client.QueryAsync("vector(1)", DateTimeOffset.UtcNow, CancellationToken.None);

        result.Outcome.ShouldBe(QueryOutcome.Error);
        result.Error.ShouldNotBeNull().ShouldContain("did not answer within 0.3s (2 tries)");
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit()
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var client = Client(address, options: new PrometheusClientOptions
        {
            Address = address, MaxRetries = 0, BreakerMinimumThroughput = 2, BreakerFailureRatio = 0.5, BreakDuration = TimeSpan.FromMinutes(1),
        });

        var results = new List<QueryResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await client.QueryAsync("vector(1)", DateTimeOffset.UtcNow, CancellationToken.None));
        }

        results.ShouldAllBe(r => r.Outcome == QueryOutcome.Error);
        results[^1].Error.ShouldNotBeNull().ShouldContain("circuit open");
    }

    [Fact]
    public async Task Cancellation_is_not_swallowed()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() =>
            Client(prometheus.Server.Address).QueryAsync("vector(1)", DateTimeOffset.UtcNow, cts.Token));
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
