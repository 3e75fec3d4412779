using Microsoft.Extensions.Logging;

namespace Rollouts.Serving.Security;

/// <summary>Log lines about credentials files (names and paths only, never content).</summary>
internal static partial class CredentialsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{What}: reloaded '{Path}'")]
    public static partial void Reloaded(ILogger logger, string what, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What}: '{Path}' {Problem}; keeping the last good content")]
    public static partial void Kept(ILogger logger, string what, string path, string problem);
}
