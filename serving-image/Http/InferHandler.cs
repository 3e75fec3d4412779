using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Rollouts.Serving.Feedback;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Metrics;
using Rollouts.Serving.Model;
using Rollouts.Serving.Shadow;

namespace Rollouts.Serving.Http;

/// <summary>
/// POST /v2/models/{name}[/versions/{version}]/infer: 404 unknown model or version, 503 not ready, 413 body over the
/// limit (Content-Length or a chunked body, as read), 400 malformed or invalid request (checked before Run),
/// 503 + Retry-After when the queue for the model is full (<c>--max-queued-requests</c>), 500 failure inside ONNX Runtime,
/// else 200 with the outputs and a prediction id (<see cref="PredictionIds"/>); a 200 is then offered to the
/// <see cref="ShadowSender"/>, after the answer is written. Counts and times every request. Bodies with an <c>Inference-Header-Content-Length</c>
/// header, and responses asked for binary, follow <see cref="BinaryTensorExtension"/>.
/// </summary>
public sealed class InferHandler(ModelHost host, ServingOptions options, IServingMetrics metrics, TimeProvider time, PredictionIds ids, ShadowSender shadow)
{
    private const long DrainAllowance = 1 << 20;

    private const string TooLarge = "\0too-large";

    private readonly JsonEncodedText modelName = JsonEncodedText.Encode(host.Name);
    private readonly JsonEncodedText modelVersion = JsonEncodedText.Encode(host.Version);

    /// <summary>Handles one infer request.</summary>
    public async Task InferAsync(HttpContext context, string name, string? version)
    {
        var start = time.GetTimestamp();
        metrics.InFlight(1);
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            status = await HandleAsync(context, name, version).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            status = e.StatusCode;
            await JsonResponses.WriteErrorAsync(context, status, status == StatusCodes.Status413PayloadTooLarge
                ? $"request body over the limit of {options.MaxRequestBytes} bytes (--max-request-bytes)"
                : $"bad request: {e.Message}").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = 499;
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = 499;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            status = StatusCodes.Status500InternalServerError;
            await JsonResponses.WriteErrorAsync(context, status, $"internal error: {e.Message}").ConfigureAwait(false);
        }
        finally
        {
            metrics.InFlight(-1);
            metrics.RequestFinished(status, time.GetElapsedTime(start).TotalSeconds);
        }
    }

    private async Task<int> HandleAsync(HttpContext context, string name, string? version)
    {
        if (name != host.Name || (version is not null && version != host.Version))
        {
            return await ErrorAsync(context, StatusCodes.Status404NotFound, NotFound(name, version)).ConfigureAwait(false);
        }

        var model = host.Model;
        if (model is null)
        {
            return await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, $"model '{host.Name}' version '{host.Version}' is not ready ({host.Status.ToString().ToLowerInvariant()})").ConfigureAwait(false);
        }

        if (context.Request.ContentLength is long declared && declared > options.MaxRequestBytes)
        {
            await DrainAsync(context, declared).ConfigureAwait(false);
            return await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"request body of {declared} bytes is over the limit of {options.MaxRequestBytes} bytes (--max-request-bytes)").ConfigureAwait(false);
        }

        var runner = model.Runner;
        ValidatedRequest? request;
        string? error;
        runner.ArrivalStarted();
        try
        {
            (request, error) = await ReadRequestAsync(context, model.Signature, BinaryTensorExtension.HeaderLength(context.Request, out var headerError), headerError).ConfigureAwait(false);
        }
        finally
        {
            runner.ArrivalEnded();
        }

        if (error == TooLarge)
        {
            context.Response.Headers.Connection = "close";
            return await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"request body over the limit of {options.MaxRequestBytes} bytes (--max-request-bytes)").ConfigureAwait(false);
        }

        if (request is null)
        {
            return await ErrorAsync(context, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
        }

        var outcome = await runner.RunAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (outcome.Error is not null)
        {
            return await Refusal.WriteAsync(context, Refusal.KindOf(outcome), outcome.Error, outcome.RetryAfter).ConfigureAwait(false);
        }

        var id = ids.Issue(model.Signature, outcome);
        if (request.BinaryOutputs is not null)
        {
            await BinaryTensorExtension.WriteAsync(context, modelName, modelVersion, request, outcome, id).ConfigureAwait(false);
        }
        else
        {
            await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, (this, request, outcome, id), static (w, s) =>
                InferResponseWriter.Write(w, s.Item1.modelName, s.Item1.modelVersion, s.request, s.outcome, s.id)).ConfigureAwait(false);
        }

        shadow.Offer(request, outcome, context.Request.Headers);
        return StatusCodes.Status200OK;
    }

    private async ValueTask<(ValidatedRequest? Request, string? Error)> ReadRequestAsync(HttpContext context, ModelSignature signature, long? headerLength, string? headerError)
    {
        var body = context.Request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (buffer.Length > options.MaxRequestBytes)
            {
                body.AdvanceTo(buffer.End);
                return (null, TooLarge);
            }

            if (read.IsCompleted)
            {
                string? error = headerError;
                var request = error is null ? ParseAndValidate(buffer, signature, headerLength, out error) : null;
                body.AdvanceTo(buffer.End);
                return (request, error);
            }

            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Reads and discards a declared over-limit body when it is at most <see cref="DrainAllowance"/> beyond the limit, so
    /// the client (which sends the body before reading) gets the 413 rather than a reset; the connection then closes.
    /// </summary>
    private async Task DrainAsync(HttpContext context, long declared)
    {
        context.Response.Headers.Connection = "close";
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (declared - options.MaxRequestBytes > DrainAllowance || limit is null || limit.IsReadOnly)
        {
            return;
        }

        limit.MaxRequestBodySize = declared;
        var body = context.Request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            body.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return;
            }
        }
    }

    private ValidatedRequest? ParseAndValidate(ReadOnlySequence<byte> body, ModelSignature signature, long? headerLength, out string? error)
    {
        if (body.IsEmpty)
        {
            error = "the request body is empty: send an Open Inference Protocol infer request (JSON)";
            return null;
        }

        if (body.IsSingleSegment)
        {
            return ParseAndValidate(body.FirstSpan, signature, headerLength, out error);
        }

        var length = (int)body.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(rented);
            return ParseAndValidate(rented.AsSpan(0, length), signature, headerLength, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private ValidatedRequest? ParseAndValidate(ReadOnlySpan<byte> body, ModelSignature signature, long? headerLength, out string? error)
    {
        InferRequest? parsed;
        if (headerLength is long length)
        {
            // Binary tensor extension: the values are decoded straight from the request buffer into the tensors' arrays.
            parsed = BinaryTensorExtension.TrySplit(body, length, out var json, out var binary, out error)
                ? InferRequestParser.TryParse(json, binary, hasBinary: true, signature, out error)
                : null;
        }
        else
        {
            parsed = InferRequestParser.TryParse(body, signature, out error);
        }

        return parsed is null ? null : InferRequestValidator.Validate(parsed, signature, options.MaxBatchSize, out error);
    }

    private string NotFound(string name, string? version) => name != host.Name
        ? $"unknown model '{name}': this server serves '{host.Name}'"
        : $"unknown version '{version}' of model '{name}': this server serves version '{host.Version}'";

    private static async Task<int> ErrorAsync(HttpContext context, int status, string message)
    {
        await JsonResponses.WriteErrorAsync(context, status, message).ConfigureAwait(false);
        return status;
    }
}
