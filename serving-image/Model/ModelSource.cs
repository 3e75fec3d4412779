using System.Security.Cryptography;
using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Model;

/// <summary>
/// Fetches the bytes behind a <c>--model-uri</c> / <c>--baseline-uri</c>: a file path or <c>file://</c> URI (read here),
/// an <c>http(s)://</c> URL (<see cref="HttpModelFetcher"/>) or an <c>s3://bucket/key</c> URI (<see cref="S3ModelFetcher"/>),
/// each capped at <see cref="FetchOptions.MaxModelBytes"/>.
/// </summary>
public sealed class ModelSource(FetchOptions options, HttpModelFetcher http, S3ModelFetcher s3)
{
    /// <summary>
    /// Reads the bytes. Fails with <see cref="ModelSourceException"/> (message names the URI without credentials or query,
    /// and the cause) for an unsupported scheme, a missing file, a refused or failed download, or a size over the limit.
    /// </summary>
    public async Task<byte[]> FetchAsync(string uri, CancellationToken cancellationToken)
    {
        if (S3ObjectUri.TryParse(uri, out var s3Object, out var s3Error))
        {
            return await s3.FetchAsync(s3Object, cancellationToken).ConfigureAwait(false);
        }

        if (s3Error is not null)
        {
            throw new ModelSourceException(s3Error);
        }

        if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
        {
            return await http.FetchAsync(parsed, cancellationToken).ConfigureAwait(false);
        }

        var path = LocalPath(uri)
            ?? throw new ModelSourceException($"unsupported URI scheme '{parsed!.Scheme}' in '{Display(uri)}': use a file path, file://, http://, https:// or s3://");
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ModelSourceException($"file not found: '{path}'");
            }

            if (info.Length > options.MaxModelBytes)
            {
                throw new ModelSourceException($"'{path}' is {info.Length} bytes, over the {options.MaxModelBytes}-byte limit (--max-model-bytes)");
            }

            await using var stream = info.OpenRead();
            return await BoundedRead.ReadAsync(stream, options.MaxModelBytes, info.Length, $"'{path}'", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelSourceException($"cannot read '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// The file behind <paramref name="uri"/> as an absolute path (a plain path, relative to the working directory, or a
    /// <c>file://</c> URI), or null for a download (<c>http(s)://</c>, <c>s3://</c>) or another scheme.
    /// </summary>
    public static string? LocalPath(string uri)
    {
        var parsed = Uri.TryCreate(uri, UriKind.Absolute, out var u) ? u : null;
        if (parsed is not null && parsed.Scheme is "http" or "https" or "s3")
        {
            return null;
        }

        if (uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && parsed is not null)
        {
            return Path.GetFullPath(parsed.LocalPath);
        }

        if (parsed is not null && parsed.Scheme is not "file" && !Path.IsPathRooted(uri))
        {
            return null;
        }

        return Path.GetFullPath(uri);
    }

    /// <summary>
    /// <paramref name="uri"/> as it may be shown in messages and logs: for a URL, scheme, host, port and path only (no user
    /// information, query or fragment, which may carry credentials or signatures); a path unchanged.
    /// </summary>
    public static string Display(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is not "file"
            && (parsed.UserInfo.Length > 0 || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
            ? Display(parsed)
            : uri;

    /// <summary><see cref="Display(string)"/> of a parsed URI.</summary>
    public static string Display(Uri uri) =>
        uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : "(relative URI)";

    /// <summary>Lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
