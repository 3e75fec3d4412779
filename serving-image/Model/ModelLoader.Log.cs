using Microsoft.Extensions.Logging;

namespace Rollouts.Serving.Model;

/// <summary>Source-generated log messages of the model loader.</summary>
public sealed partial class ModelLoader
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "model {Name} version {Version} ready after {Seconds:F3} s (dynamic batching {Batching})")]
    private partial void LogReady(string name, string version, double seconds, bool batching);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "cannot load model {Name} version {Version} from {Uri}: {Reason}; exiting with code 1")]
    private partial void LogFailed(string name, string version, string uri, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "model {Name} session created: {Threads} intra-op threads, spinning {Spinning}")]
    private partial void LogLoaded(string name, int threads, bool spinning);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "warm-up run of model {Name} on a synthetic zero input failed inside ONNX Runtime: {Reason}")]
    private partial void LogWarmupFailed(string name, string reason);
}
