namespace Rollouts.Metrics.Internal;

/// <summary>
/// Ordinal, element-wise equality of label value arrays, with an alternate lookup by <see cref="ReadOnlySpan{T}"/> so
/// <c>WithLabels("a", "b")</c> finds an existing child without allocating an array.
/// </summary>
internal sealed class LabelValuesComparer : IEqualityComparer<string[]>, IAlternateEqualityComparer<ReadOnlySpan<string>, string[]>
{
    /// <summary>The single instance.</summary>
    public static readonly LabelValuesComparer Instance = new();

    /// <inheritdoc />
    public bool Equals(string[]? x, string[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && Equals(x.AsSpan(), y));

    /// <inheritdoc />
    public int GetHashCode(string[] obj) => GetHashCode(obj.AsSpan());

    /// <inheritdoc />
    public bool Equals(ReadOnlySpan<string> alternate, string[] other)
    {
        if (alternate.Length != other.Length)
        {
            return false;
        }

        for (var i = 0; i < alternate.Length; i++)
        {
            if (!string.Equals(alternate[i], other[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public int GetHashCode(ReadOnlySpan<string> alternate)
    {
        var hash = default(HashCode);
        foreach (var value in alternate)
        {
            hash.Add(value is null ? 0 : string.GetHashCode(value, StringComparison.Ordinal));
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public string[] Create(ReadOnlySpan<string> alternate) => alternate.ToArray();
}
