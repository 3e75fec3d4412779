using Microsoft.Extensions.Logging;

namespace Rollouts.Kube;

internal static partial class ControllerLog
{
    [LoggerMessage(10, LogLevel.Error, "controller {Controller}: reconcile of {Key} failed terminally, not retrying: {Message}")]
    public static partial void TerminalError(ILogger logger, string controller, string key, string message);

    [LoggerMessage(11, LogLevel.Warning, "controller {Controller}: reconcile of {Key} failed, retrying in about {BackoffSeconds}s")]
    public static partial void ReconcileFailed(ILogger logger, string controller, string key, double backoffSeconds, Exception e);
}
