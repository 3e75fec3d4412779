namespace Rollouts.Serving.Model;

/// <summary>An object named by an <c>s3://bucket/key</c> URI.</summary>
/// <param name="Bucket">The bucket, as written (S3 bucket names are lower case).</param>
/// <param name="Key">The object key, everything after the bucket's slash, as written (not percent-decoded).</param>
public sealed record S3ObjectUri(string Bucket, string Key)
{
    /// <summary>
    /// True with the object when <paramref name="uri"/> is a well-formed <c>s3://bucket/key</c>; false with a message in
    /// <paramref name="error"/> when it starts with <c>s3://</c> but names no bucket or key; false with no error otherwise.
    /// </summary>
    public static bool TryParse(string uri, out S3ObjectUri value, out string? error)
    {
        value = null!;
        error = null;
        const string scheme = "s3://";
        if (!uri.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = uri[scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1 || rest.IndexOfAny(['?', '#']) >= 0)
        {
            error = $"'{ModelSource.Display(uri)}' is not an s3://bucket/key URI (a bucket, a slash, a key; no query)";
            return false;
        }

        value = new S3ObjectUri(rest[..slash], rest[(slash + 1)..]);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"s3://{Bucket}/{Key}";
}
