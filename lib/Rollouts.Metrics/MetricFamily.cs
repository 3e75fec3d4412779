using Rollouts.Metrics.Internal;

namespace Rollouts.Metrics;

/// <summary>
/// One metric family of a <see cref="MetricRegistry"/>: a name, a help text, a type and the label names its samples
/// carry. Rendered as <c># HELP</c> / <c># TYPE</c> lines followed by its samples.
/// </summary>
public abstract class MetricFamily
{
    private readonly string _escapedHelp;

    private protected MetricFamily(string name, string help, string[] labelNames, string type)
    {
        Name = name;
        Help = help;
        LabelNames = labelNames;
        Type = type;
        _escapedHelp = TextFormat.EscapeHelp(help);
    }

    /// <summary>The metric name, e.g. <c>model_inference_requests_total</c>.</summary>
    public string Name { get; }

    /// <summary>The help text (written escaped on the <c># HELP</c> line; omitted when empty).</summary>
    public string Help { get; }

    /// <summary>The label names every sample carries, in order.</summary>
    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>The exposition type: <c>counter</c>, <c>gauge</c> or <c>histogram</c>.</summary>
    public string Type { get; }

    /// <summary>Writes the header lines and every sample.</summary>
    internal void Write(TextWriter writer)
    {
        SampleWriter.Header(writer, Name, _escapedHelp, Type);
        WriteSamples(writer);
    }

    /// <summary>Called once when the family joins a registry.</summary>
    internal virtual void Initialize()
    {
    }

    /// <summary>Writes the sample lines.</summary>
    private protected abstract void WriteSamples(TextWriter writer);

    /// <summary>True when <paramref name="other"/> describes the same metric (type, label names), for idempotent registration.</summary>
    internal virtual bool SameShapeAs(MetricFamily other) =>
        other.GetType() == GetType() && other.LabelNames.SequenceEqual(LabelNames, StringComparer.Ordinal);
}
