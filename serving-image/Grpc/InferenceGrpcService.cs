using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Rollouts.Serving.Feedback;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Http;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Metrics;
using Rollouts.Serving.Model;
using Rollouts.Serving.Shadow;

namespace Rollouts.Serving.Grpc;

/// <summary>
/// The Open Inference Protocol's <c>inference.GRPCInferenceService</c>, answering what the REST endpoints answer: the same
/// readiness (model loaded and warmed up), metadata, validation, executor (and so batching and drift) and metrics. Errors
/// are a <see cref="Refusal.RpcFailure"/> with the status of the shared table in <see cref="Refusal"/>: NOT_FOUND
/// (another model or version), UNAVAILABLE (not ready, stopping, or the queue full, then with a <c>retry-after</c>
/// trailer), INVALID_ARGUMENT (a request that does not fit the model), INTERNAL (a failure inside ONNX Runtime). Infer
/// requests count in <c>model_inference_requests_total</c> under the HTTP code of the same refusal (200, 400, 404, 503,
/// 500; 499 when the caller cancelled), so error-rate queries cover both protocols. A successful infer is offered to the
/// <see cref="ShadowSender"/> (the copy goes over REST JSON), which returns at once.
/// </summary>
public sealed class InferenceGrpcService(ModelHost host, ServingOptions options, IServingMetrics metrics, TimeProvider time, ShutdownDrain drain, PredictionIds ids, ShadowSender shadow)
    : GRPCInferenceService.GRPCInferenceServiceBase
{
    private static readonly Task<ServerLiveResponse> Live = Task.FromResult(new ServerLiveResponse { Live = true });

    private readonly ServerMetadataResponse server = ServerMetadata();

    /// <summary>Always live while the process answers.</summary>
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) => Live;

    /// <summary>Ready once the model is loaded and warmed up, until the server starts stopping (<see cref="ShutdownDrain"/>).</summary>
    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = host.Model is not null && !drain.Draining });

    /// <summary>The served model's readiness; NOT_FOUND for another model or version.</summary>
    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        ThrowIfMismatch(request.Name, request.Version);
        return Task.FromResult(new ModelReadyResponse { Ready = host.Model is not null });
    }

    /// <summary>Server name, version and extensions, as GET /v2.</summary>
    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(server);

    /// <summary>The model's inputs and outputs, as GET /v2/models/{name}; NOT_FOUND, or UNAVAILABLE until ready.</summary>
    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        ThrowIfMismatch(request.Name, request.Version);
        var model = host.Model ?? throw Refusal.RpcFailure(RefusalKind.NotReady, host.NotReadyMessage);
        var response = new ModelMetadataResponse { Name = host.Name, Platform = MetadataJson.Platform };
        response.Versions.Add(host.Version);
        response.Inputs.AddRange(model.Signature.Inputs.Select(Metadata));
        response.Outputs.AddRange(model.Signature.Outputs.Select(Metadata));
        return Task.FromResult(response);
    }

    /// <summary>One inference through the same validator and runner as REST.</summary>
    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var start = time.GetTimestamp();
        metrics.InFlight(1);
        var code = StatusCodes.Status500InternalServerError;
        try
        {
            var headers = context.GetHttpContext().Request.Headers;
            var (response, refusal) = await InferAsync(request, headers, context.CancellationToken).ConfigureAwait(false);
            if (refusal is { } r)
            {
                code = Refusal.HttpStatus(r.Kind);
                throw Refusal.RpcFailure(r.Kind, r.Message, r.RetryAfter);
            }

            code = StatusCodes.Status200OK;
            return response!;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled || context.CancellationToken.IsCancellationRequested)
        {
            code = 499;
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The caller went away while the call waited (e.g. on the prediction cache).
            code = 499;
            throw;
        }
        catch (Exception e) when (e is not RpcException and not OutOfMemoryException)
        {
            code = StatusCodes.Status500InternalServerError;
            throw Refusal.RpcFailure(RefusalKind.Internal, $"internal error: {e.Message}");
        }
        finally
        {
            metrics.InFlight(-1);
            metrics.RequestFinished(code, time.GetElapsedTime(start).TotalSeconds);
        }
    }

    private async Task<(ModelInferResponse? Response, (RefusalKind Kind, string Message, TimeSpan? RetryAfter)? Refusal)> InferAsync(ModelInferRequest request, IHeaderDictionary headers, CancellationToken cancellationToken)
    {
        if (host.Mismatch(request.ModelName, request.ModelVersion) is { } unknown)
        {
            return (null, (RefusalKind.UnknownModel, unknown, null));
        }

        var model = host.Model;
        if (model is null)
        {
            return (null, (RefusalKind.NotReady, host.NotReadyMessage, null));
        }

        var parsed = GrpcRequestReader.TryRead(request, out var error);
        var validated = parsed is null ? null : InferRequestValidator.Validate(parsed, model.Signature, options.MaxBatchSize, out error);
        if (validated is null)
        {
            return (null, (RefusalKind.BadRequest, error!, null));
        }

        var outcome = await model.Runner.RunAsync(validated, cancellationToken).ConfigureAwait(false);
        if (outcome.Error is not null)
        {
            return (null, (Refusal.KindOf(outcome), outcome.Error, outcome.RetryAfter));
        }

        var raw = request.RawInputContents.Count > 0;
        var response = GrpcResponseWriter.Write(host.Name, host.Version, validated, outcome, raw, ids.Issue(model.Signature, outcome));
        shadow.Offer(validated, outcome, headers);
        return (response, null);
    }

    private void ThrowIfMismatch(string name, string version)
    {
        if (host.Mismatch(name, version) is { } unknown)
        {
            throw Refusal.RpcFailure(RefusalKind.UnknownModel, unknown);
        }
    }

    private static ModelMetadataResponse.Types.TensorMetadata Metadata(TensorSpec spec)
    {
        var tensor = new ModelMetadataResponse.Types.TensorMetadata { Name = spec.Name, Datatype = spec.Datatype };
        tensor.Shape.AddRange(spec.Shape);
        return tensor;
    }

    private static ServerMetadataResponse ServerMetadata()
    {
        var response = new ServerMetadataResponse { Name = InferenceApi.ServerName, Version = InferenceApi.ServerVersion };
        response.Extensions.AddRange(InferenceApi.Extensions);
        return response;
    }
}
