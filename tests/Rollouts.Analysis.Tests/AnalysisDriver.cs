using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Analysis.Prometheus;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis.Tests;

/// <summary>Drives a real <see cref="AnalysisRunner"/> on the system clock, as the reconciler would, until the run ends.</summary>
public static class AnalysisDriver
{
    public static AnalysisRunner Runner(Uri prometheus, TimeSpan? perTryTimeout = null) => new(
        new PrometheusClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
            new PrometheusClientOptions { Address = prometheus, PerTryTimeout = perTryTimeout ?? TimeSpan.FromSeconds(5), MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(100) },
            TimeProvider.System, NullLogger<PrometheusClient>.Instance),
        TimeProvider.System, NullAnalysisMetrics.Instance, NullLogger<AnalysisRunner>.Instance);

    /// <summary>
    /// Calls AdvanceAsync at each NextMeasurementAt until the run is terminal; <paramref name="afterRound"/> sees every
    /// new round. Returns the final status and the phase after each round.
    /// </summary>
    /// <exception cref="TimeoutException">Still Running after <paramref name="timeout"/>.</exception>
    public static async Task<(AnalysisRunStatus Status, List<AnalysisPhase> Phases)> RunToEndAsync(
        IAnalysisRunner runner, AnalysisTarget target, AnalysisSpec spec, TimeSpan timeout, Func<AnalysisRunStatus, Task>? afterRound = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        AnalysisRunStatus? status = null;
        var phases = new List<AnalysisPhase>();
        while (true)
        {
            var before = status?.Rounds ?? 0;
            status = await runner.AdvanceAsync(target, spec, status, CancellationToken.None);
            if (status.Rounds > before)
            {
                phases.Add(status.Phase);
                if (afterRound is not null)
                {
                    await afterRound(status);
                }
            }

            if (status.Phase != AnalysisPhase.Running)
            {
                return (status, phases);
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"analysis still running after {timeout}: {status.Message}");
            }

            var wait = (status.NextMeasurementAt ?? DateTimeOffset.UtcNow) - DateTimeOffset.UtcNow;
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(50));
        }
    }
}
