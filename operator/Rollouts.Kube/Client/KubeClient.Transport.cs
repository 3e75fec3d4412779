using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Rollouts.Kube;

// Transport of KubeClient: TLS and credentials, rate limiting, retries, paths and error decoding.
public sealed partial class KubeClient
{
    private static SocketsHttpHandler CreateHandler(KubeClientConfiguration config)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            EnableMultipleHttp2Connections = true,
        };
        if (config.ClientCertificate is { } cert)
        {
            // Re-import through PKCS#12 so the key is usable by the TLS stack on every platform.
            var usable = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { usable };
        }

        if (config.InsecureSkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (config.CertificateAuthorities is { } cas)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(cas);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }

        return handler;
    }

    private ResiliencePipeline<ApiResponse> BuildPipeline(bool isCreate)
    {
        var builder = new ResiliencePipelineBuilder<ApiResponse> { TimeProvider = time };
        if (options.MaxRetries <= 0)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions<ApiResponse>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
            {
                // A 5xx that names a Retry-After (e.g. ServerTimeout "retry after the token is created") was not
                // carried out, so it is retried even for create, as client-go does.
                { Result: { } r } => r.Code == HttpStatusCode.TooManyRequests
                    || ((int)r.Code >= 500 && r.Code != HttpStatusCode.NotImplemented && (!isCreate || r.RetryAfter is not null)),
                { Exception: HttpRequestException h } => !isCreate || h.HttpRequestError == HttpRequestError.ConnectionError,
                { Exception: OperationCanceledException } => !isCreate && !args.Context.CancellationToken.IsCancellationRequested,
                _ => false,
            }),
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result?.RetryAfter is { } after ? (TimeSpan?)(after > options.RetryMaxDelay ? options.RetryMaxDelay : after) : null),
            OnRetry = args =>
            {
                LogRetry(logger, args.AttemptNumber + 1, (int?)args.Outcome.Result?.Code ?? 0, args.Outcome.Exception?.GetType().Name ?? "", args.RetryDelay.TotalMilliseconds);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    private async Task<(HttpStatusCode Code, string Body)> SendAsync(
        string verb, HttpMethod method, string pathAndQuery, Func<HttpContent>? content, CancellationToken ct)
    {
        var pipeline = verb == "create" ? nonIdempotent : idempotent;
        var result = await pipeline.ExecuteAsync(
            async token =>
            {
                await ThrottleAsync(token).ConfigureAwait(false);
                using var request = new HttpRequestMessage(method, pathAndQuery) { Content = content?.Invoke() };
                Authorize(request);
                using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
                var started = time.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
                    var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
                    metrics.ApiRequest(verb, (int)response.StatusCode, time.GetElapsedTime(started).TotalSeconds);
                    return new ApiResponse(response.StatusCode, body, RetryAfter(response, body));
                }
                catch (Exception) when (!token.IsCancellationRequested)
                {
                    metrics.ApiRequest(verb, 0, time.GetElapsedTime(started).TotalSeconds);
                    throw;
                }
            },
            ct).ConfigureAwait(false);
        return (result.Code, result.Body);
    }

    // Opens a watch stream. Null means a transient failure (the caller backs off and retries).
    private async Task<HttpResponseMessage?> OpenWatchAsync(string path, string query, CancellationToken ct)
    {
        await ThrottleAsync(ct).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, path + query);
        Authorize(request);
        var started = time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            metrics.ApiRequest("watch", 0, time.GetElapsedTime(started).TotalSeconds);
            LogWatchDropped(logger, path, e.Message);
            return null;
        }

        metrics.ApiRequest("watch", (int)response.StatusCode, time.GetElapsedTime(started).TotalSeconds);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                LogWatchDropped(logger, path, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            throw Failure(response.StatusCode, body, "watch", path);
        }
    }

    private WatchEvent<T> ParseWatchLine<T>(string line, string path)
        where T : KubeObject
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var type = root.GetProperty("type").GetString();
        var obj = root.GetProperty("object");
        if (type == "ERROR")
        {
            var status = obj.Deserialize<KubeStatus>(KubeJson.Options) ?? new KubeStatus { Code = 500, Message = "watch error without status" };
            throw new KubeApiException(status, "watch", path);
        }

        var eventType = type switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            _ => throw new JsonException($"watch {path}: unknown event type '{type}'"),
        };
        return new WatchEvent<T>(eventType, obj.Deserialize<T>(KubeJson.Options)!);
    }

    private async Task ThrottleAsync(CancellationToken ct)
    {
        var wait = bucket.Reserve();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, ct).ConfigureAwait(false);
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        var token = config.Token ?? ReadTokenFile();
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private string? ReadTokenFile()
    {
        if (config.TokenFile is null)
        {
            return null;
        }

        lock (tokenGate)
        {
            if (cachedToken is null || time.GetElapsedTime(tokenReadAt) >= config.TokenFileRefresh)
            {
                try
                {
                    cachedToken = File.ReadAllText(config.TokenFile).Trim();
                    tokenReadAt = time.GetTimestamp();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Keep the last token (a rotation may be in progress); fail only when there never was one.
                    if (cachedToken is null)
                    {
                        throw new KubeConfigException($"token file {config.TokenFile} cannot be read ({e.GetType().Name})");
                    }
                }
            }

            return cachedToken;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, string body)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        if (response.Headers.RetryAfter is { } ra)
        {
            if (ra.Delta is { } d)
            {
                return d;
            }

            if (ra.Date is { } date)
            {
                var delta = date - DateTimeOffset.UtcNow;
                return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
            }
        }

        // The Status may carry details.retryAfterSeconds without the header.
        try
        {
            if (JsonSerializer.Deserialize<KubeStatus>(body, KubeJson.Options)?.Details?.RetryAfterSeconds is > 0 and var seconds)
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private string Path(ResourceType type, string? ns, string? name, string? subresource = null, bool allowAllNamespaces = false)
    {
        var sb = new StringBuilder(type.Group.Length == 0 ? "/api/" : $"/apis/{type.Group}/");
        sb.Append(type.Version);
        if (type.Namespaced)
        {
            if (string.IsNullOrEmpty(ns))
            {
                if (!allowAllNamespaces)
                {
                    ns = DefaultNamespace;
                }
            }

            if (!string.IsNullOrEmpty(ns))
            {
                sb.Append("/namespaces/").Append(Uri.EscapeDataString(ns));
            }
        }

        sb.Append('/').Append(type.Plural);
        if (name is not null)
        {
            if (name.Length == 0)
            {
                throw new ArgumentException($"{type.Kind}: an empty name was given");
            }

            sb.Append('/').Append(Uri.EscapeDataString(name));
        }

        if (subresource is not null)
        {
            sb.Append('/').Append(subresource);
        }

        return sb.ToString();
    }

    private static string Query(params (string Key, string? Value)[] parameters)
    {
        var parts = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static bool IsSuccess(HttpStatusCode code) => (int)code is >= 200 and < 300;

    private static T Decode<T>(HttpStatusCode code, string body, string verb, string path)
    {
        if (!IsSuccess(code))
        {
            throw Failure(code, body, verb, path);
        }

        return JsonSerializer.Deserialize<T>(body, KubeJson.Options)
            ?? throw new JsonException($"{verb} {path}: empty response body");
    }

    private static KubeApiException Failure(HttpStatusCode code, string body, string verb, string path)
    {
        KubeStatus? status = null;
        try
        {
            status = JsonSerializer.Deserialize<KubeStatus>(body, KubeJson.Options);
        }
        catch (JsonException)
        {
        }

        if (status is null || status.Code == 0)
        {
            status = new KubeStatus
            {
                Status = "Failure",
                Code = (int)code,
                Message = body.Length > 300 ? body[..300] : body,
            };
        }

        return new KubeApiException(status, verb, path);
    }

    [LoggerMessage(50, LogLevel.Debug, "API request retry {Attempt} after code {Code} {Exception}, waiting {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, int attempt, int code, string exception, double delayMs);

    [LoggerMessage(51, LogLevel.Information, "watch {Path} interrupted ({Reason}); resuming from the last resourceVersion")]
    private static partial void LogWatchDropped(ILogger logger, string path, string reason);
}
