using System.Net;
using System.Security.Cryptography;

namespace Rollouts.Serving.Model;

/// <summary>
/// Fetches the bytes behind a <c>--model-uri</c> / <c>--baseline-uri</c>: a file path, a <c>file://</c> URI or an
/// <c>http(s)://</c> URL. Downloads have a timeout and a size cap and follow at most 5 redirects, only to http(s).
/// </summary>
public sealed class ModelSource(HttpMessageHandler? handler = null)
{
    /// <summary>Largest accepted download or file: 1 GiB.</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Timeout of a whole download.</summary>
    public static readonly TimeSpan DownloadTimeout = TimeSpan.FromMinutes(2);

    private const int MaxRedirects = 5;

    /// <summary>
    /// Reads the bytes. Fails with <see cref="ModelSourceException"/> (message names the URI and the cause)
    /// for a missing file, an HTTP error, a redirect to another scheme, a body over <see cref="MaxBytes"/>, or a timeout.
    /// </summary>
    public async Task<byte[]> FetchAsync(string uri, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
        {
            return await DownloadAsync(parsed, cancellationToken).ConfigureAwait(false);
        }

        var path = LocalPath(uri)
            ?? throw new ModelSourceException($"unsupported URI scheme '{parsed!.Scheme}' in '{uri}': use a file path, file://, http:// or https://");
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ModelSourceException($"file not found: '{path}'");
            }

            if (info.Length > MaxBytes)
            {
                throw new ModelSourceException($"'{path}' is {info.Length} bytes, over the {MaxBytes}-byte limit");
            }

            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelSourceException($"cannot read '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// The file behind <paramref name="uri"/> as an absolute path (a plain path, relative to the working directory, or a
    /// <c>file://</c> URI), or null for a download (<c>http(s)://</c>) or another scheme.
    /// </summary>
    public static string? LocalPath(string uri)
    {
        var parsed = Uri.TryCreate(uri, UriKind.Absolute, out var u) ? u : null;
        if (parsed is not null && parsed.Scheme is "http" or "https")
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

    /// <summary>Lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private async Task<byte[]> DownloadAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var client = handler is null
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
            : new HttpClient(handler, disposeHandler: false);
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DownloadTimeout);
        var current = uri;
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var response = await client.GetAsync(current, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode))
                {
                    var location = response.Headers.Location;
                    if (location is null || hop >= MaxRedirects)
                    {
                        throw new ModelSourceException($"GET {uri}: too many redirects or a redirect without Location");
                    }

                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (next.Scheme is not ("http" or "https"))
                    {
                        throw new ModelSourceException($"GET {uri}: refused redirect to '{next}' (only http and https)");
                    }

                    current = next;
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new ModelSourceException($"GET {current}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                }

                if (response.Content.Headers.ContentLength is long length && length > MaxBytes)
                {
                    throw new ModelSourceException($"GET {current}: {length} bytes, over the {MaxBytes}-byte limit");
                }

                return await ReadCappedAsync(response.Content, current, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelSourceException($"GET {uri}: no complete answer within {DownloadTimeout.TotalSeconds} s");
        }
        catch (HttpRequestException e)
        {
            throw new ModelSourceException($"GET {uri}: {e.Message}", e);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, Uri uri, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new ModelSourceException($"GET {uri}: body over the {MaxBytes}-byte limit");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsRedirect(HttpStatusCode code) =>
        code is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
