using System.Text;
using Rollouts.Metrics.Internal;

namespace Rollouts.Metrics;

/// <summary>
/// A set of metric families rendered in the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/), families in registration order, series in creation
/// order. Registration validates names: metric names <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, label names
/// <c>[a-zA-Z_][a-zA-Z0-9_]*</c> without the reserved <c>__</c> prefix (and no <c>le</c> on histograms). Registering
/// the same name again with the same type and labels (and buckets) returns the existing family; anything else that
/// reuses a name (including a histogram's <c>_bucket</c>/<c>_sum</c>/<c>_count</c>) is refused. Thread-safe.
/// </summary>
public sealed class MetricRegistry
{
    /// <summary>The HTTP <c>Content-Type</c> of <see cref="WriteAsync"/>'s output.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, MetricFamily> _sampleNames = new(StringComparer.Ordinal);
    private volatile MetricFamily[] _families = [];

    /// <summary>The registered families in registration order.</summary>
    public IReadOnlyList<MetricFamily> Families => _families;

    /// <summary>Registers (or returns the identical existing) counter family.</summary>
    /// <param name="name">Metric name, by convention ending in <c>_total</c>.</param>
    /// <param name="help">Help text (any characters; escaped on output; empty omits the HELP line).</param>
    /// <param name="labelNames">Label names, e.g. <c>"model_name", "model_version", "code"</c>.</param>
    /// <exception cref="ArgumentException">An invalid or conflicting name.</exception>
    public Counter Counter(string name, string help, params string[] labelNames) =>
        Register(name, help, () => new Counter(name, help, MetricNames.ValidateLabelNames(name, labelNames)));

    /// <summary>Registers (or returns the identical existing) gauge family.</summary>
    /// <exception cref="ArgumentException">An invalid or conflicting name.</exception>
    public Gauge Gauge(string name, string help, params string[] labelNames) =>
        Register(name, help, () => new Gauge(name, help, MetricNames.ValidateLabelNames(name, labelNames)));

    /// <summary>Registers (or returns the identical existing) histogram family.</summary>
    /// <param name="name">Metric name, by convention with a unit suffix such as <c>_seconds</c>.</param>
    /// <param name="help">Help text.</param>
    /// <param name="buckets">Finite upper bounds, strictly ascending (a trailing +Inf is accepted and dropped; +Inf is
    /// always added); see <see cref="Metrics.Buckets"/>.</param>
    /// <param name="labelNames">Label names (not <c>le</c>).</param>
    /// <exception cref="ArgumentException">Invalid or conflicting names, or bounds that are NaN, not strictly ascending or -Inf.</exception>
    public Histogram Histogram(string name, string help, double[] buckets, params string[] labelNames)
    {
        var bounds = ValidateBounds(name, buckets);
        return Register(name, help, () => new Histogram(name, help, bounds, MetricNames.ValidateLabelNames(name, labelNames, "le")));
    }

    /// <summary>
    /// Registers a gauge whose samples <paramref name="read"/> returns at each scrape, as (label values, value) rows;
    /// each row's label values match <paramref name="labelNames"/> in number and order.
    /// </summary>
    /// <example><c>registry.GaugeCallback("model_feature_drift_psi", "PSI per feature", () => drift.Rows(), "model_name", "model_version", "feature")</c></example>
    /// <exception cref="ArgumentException">An invalid or already registered name.</exception>
    public CallbackGauge GaugeCallback(
        string name, string help, Func<IEnumerable<(string[] labels, double value)>> read, params string[] labelNames)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Register(name, help, () => new CallbackGauge(name, help, MetricNames.ValidateLabelNames(name, labelNames), read));
    }

    /// <summary>Writes every family to <paramref name="writer"/> (lines end with <c>\n</c>).</summary>
    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var family in _families)
        {
            family.Write(writer);
        }
    }

    /// <summary>The whole exposition as a string.</summary>
    public string ToText()
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(writer);
        return writer.ToString();
    }

    /// <summary>
    /// Renders the exposition into memory, then copies it to <paramref name="stream"/> asynchronously as UTF-8
    /// (no synchronous I/O on the stream, as ASP.NET Core requires). Use <see cref="ContentType"/> as the response type.
    /// </summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        cancellationToken.ThrowIfCancellationRequested();
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, Utf8NoBom, bufferSize: 16 * 1024, leaveOpen: true))
        {
            Write(writer);
        }

        await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }

    private T Register<T>(string name, string help, Func<T> create)
        where T : MetricFamily
    {
        MetricNames.ValidateMetricName(name);
        ArgumentNullException.ThrowIfNull(help);
        var family = create();
        string[] sampleNames = family is Histogram histogram ? [name, .. histogram.SampleNames] : [name];
        lock (_gate)
        {
            if (_sampleNames.TryGetValue(name, out var existing) && existing.Name == name && existing is T same && existing.SameShapeAs(family))
            {
                return same;
            }

            foreach (var sample in sampleNames)
            {
                if (_sampleNames.TryGetValue(sample, out var clash))
                {
                    throw new ArgumentException(
                        $"metric '{name}' ({family.Type}, labels [{string.Join(", ", family.LabelNames)}]) conflicts with the registered " +
                        $"{clash.Type} '{clash.Name}' (labels [{string.Join(", ", clash.LabelNames)}]) over the sample name '{sample}'",
                        nameof(name));
                }
            }

            foreach (var sample in sampleNames)
            {
                _sampleNames[sample] = family;
            }

            family.Initialize();
            _families = [.. _families, family];
            return family;
        }
    }

    private static double[] ValidateBounds(string name, double[] buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var bounds = buckets.Length > 0 && double.IsPositiveInfinity(buckets[^1]) ? buckets[..^1] : (double[])buckets.Clone();
        for (var i = 0; i < bounds.Length; i++)
        {
            if (double.IsNaN(bounds[i]) || double.IsInfinity(bounds[i]))
            {
                throw new ArgumentException($"histogram '{name}': bucket bound {bounds[i]} is not a finite number", nameof(buckets));
            }

            if (i > 0 && !(bounds[i] > bounds[i - 1]))
            {
                throw new ArgumentException(
                    $"histogram '{name}': bucket bounds must be strictly ascending, got {bounds[i - 1]} then {bounds[i]}", nameof(buckets));
            }
        }

        return bounds;
    }
}
