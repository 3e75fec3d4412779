using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Shadow;

/// <summary>
/// The <c>--shadow-config</c> file, read at start and every <see cref="Interval"/> through the injected
/// <see cref="TimeProvider"/> (a ConfigMap volume's update swaps a symbolic link, so a change is noticed by the content's
/// SHA-256, as <see cref="Security.PolledFile{T}"/> does). Unlike a credentials file, a missing, unreadable or invalid one
/// means shadowing is off, not a failed start; each distinct problem is logged once, an invalid URL as an error.
/// </summary>
public sealed partial class ShadowConfigFile : IDisposable
{
    /// <summary>How often the file is read again.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly string? path;
    private readonly IReadOnlyList<string> suffixes;
    private readonly ILogger logger;
    private readonly ITimer? timer;
    private readonly Lock gate = new();
    private byte[]? seen;
    private string? lastProblem;
    private ShadowConfig? current;

    /// <summary>Reads the file of <paramref name="options"/> now and starts polling it (nothing when no path is given).</summary>
    public ShadowConfigFile(ServingOptions options, TimeProvider time, ILogger<ShadowConfigFile> logger)
    {
        path = options.Shadow.ConfigPath;
        suffixes = options.Shadow.AllowedHostSuffixes;
        this.logger = logger;
        if (path is not null)
        {
            Poll();
            timer = time.CreateTimer(_ => Poll(), null, Interval, Interval);
        }
    }

    /// <summary>The configuration in force, or null when shadowing is off (no file, an invalid one, or percent 0).</summary>
    public ShadowConfig? Current => Volatile.Read(ref current);

    /// <summary>Reads the file now (the timer calls this).</summary>
    public void Poll()
    {
        lock (gate)
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(path!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                seen = null;
                Volatile.Write(ref current, null);
                Problem(LogLevel.Information, $"cannot read it ({e.GetType().Name}): shadowing is off");
                return;
            }

            var hash = SHA256.HashData(content);
            if (seen is not null && hash.AsSpan().SequenceEqual(seen))
            {
                return;
            }

            seen = hash;
            var config = ShadowConfig.TryParse(content, suffixes, out var error);
            Volatile.Write(ref current, config is { Percent: > 0 } ? config : null);
            if (config is null)
            {
                Problem(LogLevel.Error, $"refused: {error}; shadowing is off");
                return;
            }

            lastProblem = null;
            Log.Loaded(logger, path!, config.Percent, config.TargetUrl.ToString(), config.TargetRevision, config.Compare.ToString());
        }
    }

    /// <summary>Stops polling.</summary>
    public void Dispose() => timer?.Dispose();

    private void Problem(LogLevel level, string problem)
    {
        if (problem != lastProblem)
        {
            lastProblem = problem;
            Log.Off(logger, level, path!, problem);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "shadow config {Path}: {Percent}% to {TargetUrl} (revision {TargetRevision}, compare {Compare})")]
        public static partial void Loaded(ILogger logger, string path, double percent, string targetUrl, string targetRevision, string compare);

        [LoggerMessage(EventId = 41, Message = "shadow config {Path}: {Problem}")]
        public static partial void Off(ILogger logger, LogLevel level, string path, string problem);
    }
}
