namespace Rollouts.Serving.Model;

/// <summary>Formats shapes for messages: <c>[-1,4]</c>.</summary>
public static class ShapeFormat
{
    /// <summary>The dims comma-separated in brackets, no spaces.</summary>
    public static string Format(ReadOnlySpan<long> shape) => "[" + string.Join(',', shape.ToArray()) + "]";
}
