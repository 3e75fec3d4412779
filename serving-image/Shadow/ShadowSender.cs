using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Metrics;

namespace Rollouts.Serving.Shadow;

/// <summary>
/// Sends shadow copies of answered requests to the candidate of the shadow configuration (<see cref="ShadowConfigFile"/>,
/// seams S1) and compares the answers (<see cref="ShadowComparer"/>, seams S2). <see cref="Offer"/> is called once the
/// user's answer is ready (2xx only) and returns at once: the copy is built, sent and compared on the thread pool. A copy
/// is <c>POST {targetUrl}/v2/models/{model}/infer</c> with the request's inputs as JSON, the user's <c>Authorization</c>
/// header and <see cref="HeaderName"/>; a request carrying that header is never copied again. Nothing is copied when
/// shadowing is off or the target is this server's own revision; a sampled share of <c>percent</c> is. At most
/// <see cref="ShadowOptions.MaxInFlight"/> copies are under way (beyond, dropped as <c>overloaded</c>), each bounded by
/// <see cref="ShadowOptions.Timeout"/> (dropped as <c>timeout</c>). The HttpClient honours the default proxy
/// (<c>HTTP_PROXY</c>/<c>NO_PROXY</c>), which the local cluster uses in place of cluster DNS.
/// </summary>
public sealed class ShadowSender : IDisposable
{
    /// <summary>The header marking a shadow copy.</summary>
    public const string HeaderName = "X-Model-Rollouts-Shadow";

    private const int MaxAnswerBytes = 16 << 20;

    private readonly ShadowConfigFile config;
    private readonly IServingMetrics metrics;
    private readonly TimeProvider time;
    private readonly ShadowOptions options;
    private readonly string revision;
    private readonly string inferPath;
    private readonly HttpClient client;
    private int inFlight;

    /// <summary>Creates the sender and its HttpClient (SocketsHttpHandler, default proxy honoured).</summary>
    public ShadowSender(ServingOptions serving, ShadowConfigFile config, IServingMetrics metrics, TimeProvider time)
    {
        this.config = config;
        this.metrics = metrics;
        this.time = time;
        options = serving.Shadow;
        revision = serving.Identity.Revision ?? "";
        inferPath = $"/v2/models/{Uri.EscapeDataString(serving.ModelName)}/infer";
        client = new HttpClient(new SocketsHttpHandler { UseProxy = true, PooledConnectionLifetime = TimeSpan.FromMinutes(1), ConnectTimeout = options.Timeout })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxAnswerBytes,
        };
    }

    /// <summary>
    /// Offers an answered request for copying; returns at once. <paramref name="headers"/>: the user request's headers
    /// (REST or gRPC), read only when shadowing is on: a request carrying <see cref="HeaderName"/> is not copied, and
    /// its <c>Authorization</c> header is forwarded.
    /// </summary>
    public void Offer(ValidatedRequest request, InferenceOutcome outcome, IHeaderDictionary headers)
    {
        if (config.Current is not { } shadow || shadow.TargetRevision == revision || headers.ContainsKey(HeaderName))
        {
            return;
        }

        if (shadow.Percent < 100 && Random.Shared.NextDouble() * 100 >= shadow.Percent)
        {
            return;
        }

        if (Interlocked.Increment(ref inFlight) > options.MaxInFlight)
        {
            Interlocked.Decrement(ref inFlight);
            metrics.ShadowDropped(shadow.TargetRevision, ShadowDrop.Overloaded);
            return;
        }

        var authorization = headers.Authorization.Count > 0 ? headers.Authorization.ToString() : null;
        _ = Task.Run(() => CopyAsync(shadow, request, outcome, authorization));
    }

    /// <summary>Disposes the HttpClient.</summary>
    public void Dispose() => client.Dispose();

    private async Task CopyAsync(ShadowConfig shadow, ValidatedRequest request, InferenceOutcome outcome, string? authorization)
    {
        using var timeout = new CancellationTokenSource(options.Timeout, time);
        try
        {
            var stable = OutputValues.Of(outcome);
            using var message = new HttpRequestMessage(HttpMethod.Post, shadow.TargetUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + inferPath)
            {
                Content = new ByteArrayContent(Body(request)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            message.Headers.TryAddWithoutValidation(HeaderName, "1");
            if (authorization is not null)
            {
                message.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await client.SendAsync(message, timeout.Token).ConfigureAwait(false);
            var answer = response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false) : null;
            if (answer is null || Parse(answer) is not { } candidate)
            {
                metrics.ShadowCompared(shadow.TargetRevision, ShadowOutcome.Error);
                return;
            }

            var (verdict, difference) = ShadowComparer.Compare(stable, candidate, shadow.Compare, shadow.Tolerance);
            metrics.ShadowCompared(shadow.TargetRevision, verdict);
            if (difference is double d)
            {
                metrics.ShadowDifference(shadow.TargetRevision, d);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            metrics.ShadowDropped(shadow.TargetRevision, ShadowDrop.Timeout);
        }
        catch (HttpRequestException)
        {
            metrics.ShadowCompared(shadow.TargetRevision, ShadowOutcome.Error);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private static IReadOnlyList<OutputValues>? Parse(byte[] answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return OutputValues.TryParse(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The copy's body: <c>{"inputs":[{"name","datatype","shape","data"}]}</c> from the request's input tensors.</summary>
    private static byte[] Body(ValidatedRequest request)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("inputs"u8);
            foreach (var input in request.Inputs)
            {
                w.WriteStartObject();
                w.WriteString("name"u8, input.Name);
                w.WriteString("datatype"u8, V2Datatype.NameOf(input.ElementType));
                w.WriteStartArray("shape"u8);
                foreach (var dim in input.Shape)
                {
                    w.WriteNumberValue(dim);
                }

                w.WriteEndArray();
                w.WriteStartArray("data"u8);
                InferResponseWriter.WriteData(w, input.Data, 0, input.Length);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
