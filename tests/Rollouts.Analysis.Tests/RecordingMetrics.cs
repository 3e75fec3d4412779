using System.Collections.Concurrent;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis.Tests;

public sealed class RecordingMetrics : IAnalysisMetrics
{
    public ConcurrentQueue<(string Check, MeasurementVerdict Verdict)> Taken { get; } = new();

    public void MeasurementTaken(string check, MeasurementVerdict verdict) => Taken.Enqueue((check, verdict));
}
