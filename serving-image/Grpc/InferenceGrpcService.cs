using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Http;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Metrics;
using Rollouts.Serving.Model;

namespace Rollouts.Serving.Grpc;

/// <summary>
/// The Open Inference Protocol's <c>inference.GRPCInferenceService</c>, answering what the REST endpoints answer: the same
/// readiness (model loaded and warmed up), metadata, validation, executor (and so batching and drift) and metrics. Errors
/// are an <see cref="RpcException"/> with the status of the shared table: NOT_FOUND (another model or version),
/// UNAVAILABLE (not ready, stopping), INVALID_ARGUMENT (a request that does not fit the model), INTERNAL (a failure
/// inside ONNX Runtime). Infer requests count in <c>model_inference_requests_total</c> under the HTTP code of the same
/// outcome (200, 400, 404, 503, 500; 499 when the caller cancelled), so error-rate queries cover both protocols.
/// </summary>
public sealed class InferenceGrpcService(ModelHost host, ServingOptions options, IServingMetrics metrics, TimeProvider time, ShutdownDrain drain)
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
        var model = host.Model ?? throw new RpcException(new Status(StatusCode.Unavailable, host.NotReadyMessage));
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
            var (response, failure) = await InferAsync(request).ConfigureAwait(false);
            code = failure is { } f ? HttpCode(f.StatusCode) : StatusCodes.Status200OK;
            return response ?? throw new RpcException(failure!.Value);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled || context.CancellationToken.IsCancellationRequested)
        {
            code = 499;
            throw;
        }
        catch (Exception e) when (e is not RpcException and not OutOfMemoryException)
        {
            code = StatusCodes.Status500InternalServerError;
            throw new RpcException(new Status(StatusCode.Internal, $"internal error: {e.Message}"));
        }
        finally
        {
            metrics.InFlight(-1);
            metrics.RequestFinished(code, time.GetElapsedTime(start).TotalSeconds);
        }
    }

    /// <summary>The HTTP status REST answers for the same outcome (the mapping table of the refusals, read backwards).</summary>
    internal static int HttpCode(StatusCode status) => status switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        StatusCode.Cancelled => 499,
        _ => StatusCodes.Status500InternalServerError,
    };

    private async Task<(ModelInferResponse? Response, Status? Failure)> InferAsync(ModelInferRequest request)
    {
        if (host.Mismatch(request.ModelName, request.ModelVersion) is { } unknown)
        {
            return (null, new Status(StatusCode.NotFound, unknown));
        }

        var model = host.Model;
        if (model is null)
        {
            return (null, new Status(StatusCode.Unavailable, host.NotReadyMessage));
        }

        var parsed = GrpcRequestReader.TryRead(request, out var error);
        var validated = parsed is null ? null : InferRequestValidator.Validate(parsed, model.Signature, options.MaxBatchSize, out error);
        if (validated is null)
        {
            return (null, new Status(StatusCode.InvalidArgument, error!));
        }

        var outcome = await model.Runner.RunAsync(validated).ConfigureAwait(false);
        if (outcome.Error is not null)
        {
            return (null, new Status(outcome.Unavailable ? StatusCode.Unavailable : StatusCode.Internal, outcome.Error));
        }

        var raw = request.RawInputContents.Count > 0;
        return (GrpcResponseWriter.Write(host.Name, host.Version, validated, outcome, raw), null);
    }

    private void ThrowIfMismatch(string name, string version)
    {
        if (host.Mismatch(name, version) is { } unknown)
        {
            throw new RpcException(new Status(StatusCode.NotFound, unknown));
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
