namespace Rollouts.Serving.Model;

/// <summary>Reads a stream whole while counting: more than the limit fails as soon as it is read, whatever length was declared.</summary>
internal static class BoundedRead
{
    /// <summary>
    /// The bytes of <paramref name="stream"/>; <see cref="ModelSourceException"/> naming <paramref name="what"/> once more
    /// than <paramref name="maxBytes"/> arrive. <paramref name="declaredLength"/> (a Content-Length) only sizes the buffer.
    /// </summary>
    public static async Task<byte[]> ReadAsync(Stream stream, long maxBytes, long? declaredLength, string what, CancellationToken cancellationToken)
    {
        var initial = declaredLength is long n && n > 0 ? (int)Math.Min(n, Math.Min(maxBytes, 64L << 20)) : 0;
        using var buffer = new MemoryStream(initial);
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ModelSourceException($"{what}: more than the {maxBytes}-byte limit (--max-model-bytes)");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}
