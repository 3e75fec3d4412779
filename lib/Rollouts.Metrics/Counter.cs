using Rollouts.Metrics.Internal;

namespace Rollouts.Metrics;

/// <summary>
/// A counter family (<c># TYPE name counter</c>): totals that only increase, e.g.
/// <c>model_inference_requests_total{code}</c>. Create with <see cref="MetricRegistry.Counter"/>.
/// </summary>
public sealed class Counter : LabelledMetric<CounterChild>
{
    internal Counter(string name, string help, string[] labelNames)
        : base(name, help, labelNames, "counter")
    {
    }

    /// <summary>Adds <paramref name="by"/> to a counter without labels.</summary>
    /// <exception cref="InvalidOperationException">The counter has labels.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative or NaN.</exception>
    public void Inc(double by = 1) => Unlabelled.Inc(by);

    /// <summary>The total of a counter without labels.</summary>
    public double Value => Unlabelled.Value;

    private protected override CounterChild CreateChild(string labelPairs) => new();

    private protected override void WriteSamples(TextWriter writer)
    {
        foreach (var (pairs, child) in Children)
        {
            SampleWriter.Sample(writer, Name, pairs, child.Value);
        }
    }
}
