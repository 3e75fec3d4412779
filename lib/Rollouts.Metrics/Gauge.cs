using Rollouts.Metrics.Internal;

namespace Rollouts.Metrics;

/// <summary>
/// A gauge family (<c># TYPE name gauge</c>), e.g. <c>model_inference_in_flight_requests</c>. Create with
/// <see cref="MetricRegistry.Gauge"/>; for values read at scrape time use <see cref="MetricRegistry.GaugeCallback"/>.
/// </summary>
public sealed class Gauge : LabelledMetric<GaugeChild>
{
    internal Gauge(string name, string help, string[] labelNames)
        : base(name, help, labelNames, "gauge")
    {
    }

    /// <summary>The value of a gauge without labels.</summary>
    public double Value => Unlabelled.Value;

    /// <summary>Sets a gauge without labels.</summary>
    /// <exception cref="InvalidOperationException">The gauge has labels.</exception>
    public void Set(double value) => Unlabelled.Set(value);

    /// <summary>Adds to a gauge without labels.</summary>
    public void Inc(double by = 1) => Unlabelled.Inc(by);

    /// <summary>Subtracts from a gauge without labels.</summary>
    public void Dec(double by = 1) => Unlabelled.Dec(by);

    private protected override GaugeChild CreateChild(string labelPairs) => new();

    private protected override void WriteSamples(TextWriter writer)
    {
        foreach (var (pairs, child) in Children)
        {
            SampleWriter.Sample(writer, Name, pairs, child.Value);
        }
    }
}
