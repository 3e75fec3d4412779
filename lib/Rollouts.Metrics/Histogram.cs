using Rollouts.Metrics.Internal;

namespace Rollouts.Metrics;

/// <summary>
/// A histogram family (<c># TYPE name histogram</c>), e.g. <c>model_inference_request_duration_seconds</c>: per series,
/// cumulative <c>name_bucket{le="bound"}</c> lines ending with <c>le="+Inf"</c>, then <c>name_sum</c> and
/// <c>name_count</c>. Create with <see cref="MetricRegistry.Histogram"/>; bucket helpers in <see cref="Buckets"/>.
/// </summary>
public sealed class Histogram : LabelledMetric<HistogramChild>
{
    private readonly double[] _bounds;
    private readonly string[] _le;
    private readonly string _bucketName;
    private readonly string _sumName;
    private readonly string _countName;

    internal Histogram(string name, string help, double[] bounds, string[] labelNames)
        : base(name, help, labelNames, "histogram")
    {
        _bounds = bounds;
        _le = [.. bounds.Select(TextFormat.Value), "+Inf"];
        _bucketName = name + "_bucket";
        _sumName = name + "_sum";
        _countName = name + "_count";
    }

    /// <summary>The finite upper bounds, ascending (the +Inf bucket is implicit).</summary>
    public IReadOnlyList<double> Buckets => _bounds;

    /// <summary>Records an observation on a histogram without labels.</summary>
    /// <exception cref="InvalidOperationException">The histogram has labels.</exception>
    public void Observe(double value) => Unlabelled.Observe(value);

    /// <summary>The sample names this family writes besides its own name.</summary>
    internal IEnumerable<string> SampleNames => [_bucketName, _sumName, _countName];

    internal override bool SameShapeAs(MetricFamily other) =>
        base.SameShapeAs(other) && ((Histogram)other)._bounds.SequenceEqual(_bounds);

    private protected override HistogramChild CreateChild(string labelPairs) => new(_bounds);

    private protected override void WriteSamples(TextWriter writer)
    {
        foreach (var (pairs, child) in Children)
        {
            var (cumulative, count, sum) = child.Snapshot();
            for (var i = 0; i < cumulative.Length; i++)
            {
                SampleWriter.Bucket(writer, _bucketName, pairs, _le[i], cumulative[i]);
            }

            SampleWriter.Sample(writer, _sumName, pairs, sum);
            SampleWriter.Sample(writer, _countName, pairs, count);
        }
    }
}
