using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rollouts.Serving.Batching;
using Rollouts.Serving.Caching;
using Rollouts.Serving.Drift;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Metrics;
using Rollouts.Serving.Onnx;

namespace Rollouts.Serving.Model;

/// <summary>
/// Loads the model in the background once the host starts (so /v2/health/live answers during the load): fetch, check
/// the SHA-256, refuse external data outside the model file's folder (<see cref="ExternalDataCheck"/>), create the
/// session, check the signature, bind the drift baseline, bind the prediction cache to this revision (name, version and
/// the SHA-256 of the bytes), run one warm-up inference, then mark the model ready. Any
/// failure is one clear log line, exit code 1 and an orderly stop of the application.
/// </summary>
public sealed partial class ModelLoader(
    ModelHost host,
    ServingOptions options,
    ModelSource source,
    IServingMetrics metrics,
    DriftState drift,
    PredictionCache cache,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ModelLoader> logger) : BackgroundService
{
    /// <summary>The exit code after a failed load.</summary>
    public const int LoadFailedExitCode = 1;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ServerStartedAsync(stoppingToken).ConfigureAwait(false);
            var start = time.GetTimestamp();
            var loaded = await LoadAsync(stoppingToken).ConfigureAwait(false);
            var seconds = time.GetElapsedTime(start).TotalSeconds;
            metrics.ModelLoaded(seconds, OrtRuntime.Version);
            host.SetReady(loaded);
            LogReady(host.Name, host.Version, seconds, loaded.Signature.Batchable && options.BatchingEnabled);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong (bad bytes, missing library, refused signature, bad baseline), the process must not
            // stay up unready: one log line, exit code 1.
            // Stop first, then publish the failure: whoever sees Failed also sees the application stopping.
            LogFailed(host.Name, host.Version, ModelSource.Display(options.ModelUri), e.Message);
            lifetime.StopApplication();
            host.SetFailed(e.Message, LoadFailedExitCode);
        }
    }

    /// <summary>Completes once Kestrel listens, so /v2/health/live answers during the load.</summary>
    private async Task ServerStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<LoadedModel> LoadAsync(CancellationToken cancellationToken)
    {
        var bytes = await source.FetchAsync(options.ModelUri, cancellationToken).ConfigureAwait(false);
        var sha256 = ModelSource.Sha256Hex(bytes);
        if (options.ModelSha256 is { } expected && sha256 != expected)
        {
            throw new ModelSourceException($"SHA-256 mismatch for '{ModelSource.Display(options.ModelUri)}': expected {expected}, got {sha256}");
        }

        var folder = ModelSource.LocalPath(options.ModelUri) is { } path ? Path.GetDirectoryName(path) : null;
        RefuseOutsideExternalData(bytes, folder);
        var threads = options.IntraOpThreads > 0 ? options.IntraOpThreads : CgroupCpuLimit.DefaultThreads();
        var session = OnnxSession.Load(bytes, new SessionSettings(threads, options.AllowSpinning, folder));
        try
        {
            var signature = ModelSignature.TryCreate(session.Inputs, session.Outputs, out var error)
                ?? throw new ModelLoadException(error!);
            var monitor = await LoadDriftAsync(signature, cancellationToken).ConfigureAwait(false);
            drift.Monitor = monitor;
            var executor = new ModelExecutor(session, metrics, monitor, time);
            var queue = new RequestQueue(options.Limits.MaxQueuedRequests, metrics);
            var batcher = options.BatchingEnabled && signature.Batchable
                ? new DynamicBatcher(executor, options.MaxBatchSize, TimeSpan.FromMicroseconds(options.MaxBatchDelayMicroseconds), queue)
                : null;
            var runner = new InferenceRunner(executor, batcher, queue, cache, PredictionKey.Revision(host.Name, host.Version, sha256));
            Warmup(session, signature);
            LogLoaded(host.Name, threads, options.AllowSpinning);
            return new LoadedModel(session, signature, runner, MetadataJson.Model(host.Name, host.Version, signature));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private void RefuseOutsideExternalData(byte[] bytes, string? folder)
    {
        IReadOnlyList<ExternalTensor> external;
        try
        {
            external = ExternalTensorScanner.Find(bytes);
        }
        catch (FormatException e)
        {
            throw new ModelLoadException($"model '{ModelSource.Display(options.ModelUri)}' is not a well-formed ONNX ModelProto ({e.Message})");
        }

        if (ExternalDataCheck.Refusal(external, folder, ModelSource.Display(options.ModelUri)) is { } refusal)
        {
            throw new ModelLoadException(refusal);
        }
    }

    private async Task<DriftMonitor?> LoadDriftAsync(ModelSignature signature, CancellationToken cancellationToken)
    {
        if (options.BaselineUri is not { } uri)
        {
            return null;
        }

        var bytes = await source.FetchAsync(uri, cancellationToken).ConfigureAwait(false);
        uri = ModelSource.Display(uri);
        Baseline? baseline;
        try
        {
            baseline = JsonSerializer.Deserialize(bytes, BaselineJsonContext.Default.Baseline);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"baseline '{uri}' is not valid baseline JSON: {e.Message}");
        }

        if (baseline is null)
        {
            throw new ModelLoadException($"baseline '{uri}' is empty");
        }

        return DriftMonitor.TryCreate(baseline, signature, options.DriftWindow, out var error)
            ?? throw new ModelLoadException($"baseline '{uri}' does not fit the model: {error}");
    }

    private void Warmup(OnnxSession session, ModelSignature signature)
    {
        try
        {
            session.Run(WarmupInput.Create(signature));
        }
        catch (OnnxRuntimeFailure e)
        {
            // The session is built and was exercised; a synthetic all-zero row may be outside what the model accepts.
            LogWarmupFailed(host.Name, e.Message);
        }
    }
}
