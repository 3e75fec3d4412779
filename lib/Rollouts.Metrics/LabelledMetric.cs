using System.Collections.Concurrent;
using Rollouts.Metrics.Internal;

namespace Rollouts.Metrics;

/// <summary>
/// A metric family whose samples are children keyed by label values. <see cref="WithLabels"/> returns the cached child
/// for a set of values, creating it once; look it up once and keep it on hot paths (a lookup of an existing child does
/// not allocate: <c>params ReadOnlySpan&lt;string&gt;</c> plus an alternate-key dictionary lookup).
/// </summary>
/// <typeparam name="TChild">The child type: <see cref="CounterChild"/>, <see cref="GaugeChild"/> or <see cref="HistogramChild"/>.</typeparam>
public abstract class LabelledMetric<TChild> : MetricFamily
    where TChild : class
{
    private readonly ConcurrentDictionary<string[], TChild> _children = new(LabelValuesComparer.Instance);
    private readonly ConcurrentDictionary<string[], TChild>.AlternateLookup<ReadOnlySpan<string>> _lookup;
    private readonly Lock _gate = new();
    private volatile (string Pairs, TChild Child)[] _ordered = [];
    private TChild? _unlabelled;

    private protected LabelledMetric(string name, string help, string[] labelNames, string type)
        : base(name, help, labelNames, type)
    {
        _lookup = _children.GetAlternateLookup<ReadOnlySpan<string>>();
    }

    /// <summary>
    /// The child for these label values (one per label name, in order; any string, escaped on output), created on
    /// first use and cached for the registry's lifetime.
    /// </summary>
    /// <exception cref="ArgumentException">The number of values differs from the number of label names.</exception>
    /// <exception cref="ArgumentNullException">A value is null.</exception>
    public TChild WithLabels(params ReadOnlySpan<string> values)
    {
        if (values.Length != LabelNames.Count)
        {
            throw new ArgumentException(
                $"metric '{Name}' has {LabelNames.Count} label(s) [{string.Join(", ", LabelNames)}] but {values.Length} value(s) were given",
                nameof(values));
        }

        return _lookup.TryGetValue(values, out var child) ? child : Add(values);
    }

    /// <summary>The single child of a family without labels.</summary>
    /// <exception cref="InvalidOperationException">The family has labels: use <see cref="WithLabels"/>.</exception>
    private protected TChild Unlabelled =>
        _unlabelled ?? throw new InvalidOperationException($"metric '{Name}' has labels [{string.Join(", ", LabelNames)}]: use WithLabels(...)");

    /// <summary>The children with their rendered label pairs, in creation order.</summary>
    private protected (string Pairs, TChild Child)[] Children => _ordered;

    /// <summary>Creates the unlabelled child so a family without labels is exposed (as zero) from registration on.</summary>
    internal override void Initialize()
    {
        if (LabelNames.Count == 0)
        {
            _unlabelled = WithLabels();
        }
    }

    /// <summary>Creates a child; <paramref name="labelPairs"/> is its pre-rendered <c>a="x",b="y"</c>.</summary>
    private protected abstract TChild CreateChild(string labelPairs);

    private TChild Add(ReadOnlySpan<string> values)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                throw new ArgumentNullException(nameof(values), $"metric '{Name}': a label value is null");
            }
        }

        lock (_gate)
        {
            if (_lookup.TryGetValue(values, out var existing))
            {
                return existing;
            }

            var key = values.ToArray();
            var pairs = TextFormat.LabelPairs(LabelNames, key);
            var child = CreateChild(pairs);
            _children[key] = child;
            _ordered = [.. _ordered, (pairs, child)];
            return child;
        }
    }
}
