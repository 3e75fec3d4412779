using Rollouts.Metrics.Internal;

namespace Rollouts.Metrics;

/// <summary>
/// A gauge family whose samples are read at scrape time from a callback, e.g. <c>model_feature_drift_psi{feature}</c>.
/// Create with <see cref="MetricRegistry.GaugeCallback"/>. If the callback throws, the family is written with its
/// header and no samples (one faulty source never breaks the whole scrape); rows whose label count is wrong or that
/// hold a null label value are skipped. Rows should have distinct label values.
/// </summary>
public sealed class CallbackGauge : MetricFamily
{
    private readonly Func<IEnumerable<(string[] Labels, double Value)>> _read;

    internal CallbackGauge(string name, string help, string[] labelNames, Func<IEnumerable<(string[] Labels, double Value)>> read)
        : base(name, help, labelNames, "gauge")
    {
        _read = read;
    }

    /// <summary>The exception thrown by the callback at the last scrape, or null when it succeeded.</summary>
    public Exception? LastError { get; private set; }

    private protected override void WriteSamples(TextWriter writer)
    {
        List<(string Pairs, double Value)> rows = [];
        try
        {
            foreach (var (labels, value) in _read())
            {
                if (labels is null || labels.Length != LabelNames.Count || Array.IndexOf(labels, null) >= 0)
                {
                    continue;
                }

                rows.Add((TextFormat.LabelPairs(LabelNames, labels), value));
            }

            LastError = null;
        }
        catch (Exception e)
        {
            LastError = e;
            return;
        }

        foreach (var (pairs, value) in rows)
        {
            SampleWriter.Sample(writer, Name, pairs, value);
        }
    }

    internal override bool SameShapeAs(MetricFamily other) => false; // a second callback for one name is always a conflict
}
