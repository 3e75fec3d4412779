using Microsoft.Extensions.Logging;

namespace Rollouts.Kube;

internal static partial class InformerLog
{
    [LoggerMessage(1, LogLevel.Information, "informer {Kind}: watch expired (410 Gone), relisting: {Reason}")]
    public static partial void Relisting(ILogger logger, string kind, string reason);

    [LoggerMessage(2, LogLevel.Warning, "informer {Kind}: list/watch failed, retrying in {DelaySeconds}s")]
    public static partial void ListWatchFailed(ILogger logger, string kind, double delaySeconds, Exception e);

    [LoggerMessage(3, LogLevel.Error, "informer {Kind}: a change handler threw")]
    public static partial void HandlerFailed(ILogger logger, string kind, Exception e);
}
