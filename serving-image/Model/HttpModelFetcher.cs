using System.Net;
using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Model;

/// <summary>
/// Downloads an <c>http(s)://</c> model or baseline safely: every connection goes through <see cref="GuardedConnector"/>
/// (addresses checked after DNS resolution, the checked address connected), redirects are followed here, at most
/// <see cref="MaxRedirects"/>, only to http(s) and never from https to http, each hop connecting through the same check;
/// no proxy is used (a proxy would be the address connected); the body is capped while streaming and the whole fetch,
/// redirects included, is bounded by <see cref="FetchOptions.Timeout"/>.
/// </summary>
public sealed class HttpModelFetcher : IDisposable
{
    /// <summary>Most redirects followed before the download fails.</summary>
    public const int MaxRedirects = 5;

    private readonly FetchOptions options;
    private readonly HttpClient client;

    /// <summary>Creates the fetcher; <paramref name="resolve"/> replaces DNS (tests), defaulting to <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>.</summary>
    public HttpModelFetcher(FetchOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        this.options = options;
        var connector = new GuardedConnector(resolve ?? Dns.GetHostAddressesAsync, options.DenyPrivate);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = (context, ct) => new ValueTask<Stream>(connector.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct)),
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// The body of <paramref name="uri"/>. Fails with <see cref="ModelSourceException"/> (message names the URI without
    /// credentials or query, and the cause) for a refused address, a refused or excess redirect, an HTTP error, a body
    /// over <see cref="FetchOptions.MaxModelBytes"/>, a transport failure or the timeout.
    /// </summary>
    public async Task<byte[]> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var current = uri;
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var response = await client.GetAsync(current, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode))
                {
                    if (hop >= MaxRedirects)
                    {
                        throw new ModelSourceException($"GET {ModelSource.Display(uri)}: more than {MaxRedirects} redirects");
                    }

                    current = NextHop(current, response.Headers.Location, out var refusal)
                        ?? throw new ModelSourceException($"GET {ModelSource.Display(uri)}: {refusal}");
                    continue;
                }

                var shown = ModelSource.Display(current);
                if (!response.IsSuccessStatusCode)
                {
                    throw new ModelSourceException($"GET {shown}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                }

                if (response.Content.Headers.ContentLength is long length && length > options.MaxModelBytes)
                {
                    throw new ModelSourceException($"GET {shown}: {length} bytes declared, over the {options.MaxModelBytes}-byte limit (--max-model-bytes)");
                }

                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                return await BoundedRead.ReadAsync(body, options.MaxModelBytes, response.Content.Headers.ContentLength, $"GET {shown}", timeout.Token)
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelSourceException($"GET {ModelSource.Display(uri)}: no complete answer within {options.Timeout.TotalSeconds:0.###} s (--model-fetch-timeout)");
        }
        catch (HttpRequestException e) when (e.InnerException is ModelSourceException refused)
        {
            throw new ModelSourceException($"GET {ModelSource.Display(current)}: {refused.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new ModelSourceException($"GET {ModelSource.Display(current)}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Where a redirect from <paramref name="current"/> leads, or null with the reason: no Location, a scheme other than
    /// http(s), or https → http.
    /// </summary>
    internal static Uri? NextHop(Uri current, Uri? location, out string? refusal)
    {
        refusal = null;
        if (location is null)
        {
            refusal = "redirect without a Location header";
            return null;
        }

        var next = location.IsAbsoluteUri ? location : new Uri(current, location);
        if (next.Scheme is not ("http" or "https"))
        {
            refusal = $"refused redirect to '{ModelSource.Display(next)}' (only http and https)";
            return null;
        }

        if (current.Scheme == "https" && next.Scheme == "http")
        {
            refusal = $"refused redirect from https to '{ModelSource.Display(next)}' (a downgrade to http)";
            return null;
        }

        return next;
    }

    /// <inheritdoc />
    public void Dispose() => client.Dispose();

    private static bool IsRedirect(HttpStatusCode code) =>
        code is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
