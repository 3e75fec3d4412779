using System.Globalization;

namespace Rollouts.Metrics.Internal;

/// <summary>Writes exposition lines to a <see cref="TextWriter"/>, formatting numbers without allocating.</summary>
internal static class SampleWriter
{
    /// <summary>Writes <c># HELP</c> (when <paramref name="escapedHelp"/> is non-empty) and <c># TYPE</c> lines.</summary>
    public static void Header(TextWriter writer, string name, string escapedHelp, string type)
    {
        if (escapedHelp.Length > 0)
        {
            writer.Write("# HELP ");
            writer.Write(name);
            writer.Write(' ');
            writer.Write(escapedHelp);
            writer.Write('\n');
        }

        writer.Write("# TYPE ");
        writer.Write(name);
        writer.Write(' ');
        writer.Write(type);
        writer.Write('\n');
    }

    /// <summary>Writes <c>name{pairs} value</c> (no braces when <paramref name="labelPairs"/> is empty).</summary>
    public static void Sample(TextWriter writer, string name, string labelPairs, double value)
    {
        WriteName(writer, name, labelPairs);
        WriteValue(writer, value);
        writer.Write('\n');
    }

    /// <summary>Writes <c>name{pairs} count</c> for an integer count.</summary>
    public static void Sample(TextWriter writer, string name, string labelPairs, long count)
    {
        WriteName(writer, name, labelPairs);
        Span<char> buffer = stackalloc char[24];
        count.TryFormat(buffer, out var length, default, CultureInfo.InvariantCulture);
        writer.Write(buffer[..length]);
        writer.Write('\n');
    }

    /// <summary>Writes a histogram bucket line <c>name_bucket{pairs,le="bound"} count</c>.</summary>
    public static void Bucket(TextWriter writer, string bucketName, string labelPairs, string le, long count)
    {
        writer.Write(bucketName);
        writer.Write('{');
        if (labelPairs.Length > 0)
        {
            writer.Write(labelPairs);
            writer.Write(',');
        }

        writer.Write("le=\"");
        writer.Write(le);
        writer.Write("\"} ");
        Span<char> buffer = stackalloc char[24];
        count.TryFormat(buffer, out var length, default, CultureInfo.InvariantCulture);
        writer.Write(buffer[..length]);
        writer.Write('\n');
    }

    private static void WriteName(TextWriter writer, string name, string labelPairs)
    {
        writer.Write(name);
        if (labelPairs.Length > 0)
        {
            writer.Write('{');
            writer.Write(labelPairs);
            writer.Write('}');
        }

        writer.Write(' ');
    }

    private static void WriteValue(TextWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            writer.Write(TextFormat.Value(value));
            return;
        }

        Span<char> buffer = stackalloc char[32];
        value.TryFormat(buffer, out var length, "R", CultureInfo.InvariantCulture);
        writer.Write(buffer[..length]);
    }
}
