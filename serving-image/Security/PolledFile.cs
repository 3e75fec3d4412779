using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Rollouts.Serving.Security;

/// <summary>
/// A credentials file (API keys, JWKS) read at start and re-read every <see cref="Interval"/> through the injected
/// <see cref="TimeProvider"/>. A change is noticed by the SHA-256 of the content read through the path, so a Kubernetes
/// Secret volume's update — an atomic swap of the <c>..data</c> symbolic link, which leaves the file's own path and
/// often its timestamps as they were — reloads like an edit in place. New content is handed to the parser; content
/// that cannot be read, or that the parser refuses (e.g. no key), keeps the last good value and logs one warning per
/// distinct failure. Contents are never logged.
/// </summary>
/// <typeparam name="T">The parsed value.</typeparam>
public sealed class PolledFile<T> : IDisposable
    where T : class
{
    /// <summary>How often the file is read again.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly string path;
    private readonly string what;
    private readonly Parser parse;
    private readonly ILogger logger;
    private readonly ITimer timer;
    private readonly Lock gate = new();
    private byte[] seen;
    private string? lastProblem;
    private T current;

    private PolledFile(string path, string what, Parser parse, T first, byte[] hash, TimeProvider time, ILogger logger)
    {
        this.path = path;
        this.what = what;
        this.parse = parse;
        this.logger = logger;
        current = first;
        seen = hash;
        timer = time.CreateTimer(_ => Poll(), null, Interval, Interval);
    }

    /// <summary>Parses file content; returns null with an error message (no secrets in it) when the content is refused.</summary>
    public delegate T? Parser(byte[] content, out string? error);

    /// <summary>The last good value.</summary>
    public T Current => Volatile.Read(ref current);

    /// <summary>
    /// Reads <paramref name="path"/> once and starts polling it; returns null with <paramref name="error"/> when the
    /// file cannot be read or is refused (the server then does not start). <paramref name="what"/> names the file in
    /// messages (e.g. <c>--api-keys-file</c>).
    /// </summary>
    public static PolledFile<T>? Open(string path, string what, Parser parse, TimeProvider time, ILogger logger, out string? error)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{what}: cannot read '{path}': {e.Message}";
            return null;
        }

        var first = parse(content, out var refused);
        if (first is null)
        {
            error = $"{what}: '{path}' is refused: {refused}";
            return null;
        }

        error = null;
        return new PolledFile<T>(path, what, parse, first, SHA256.HashData(content), time, logger);
    }

    /// <summary>Reads the file now (the timer calls this); returns true when a new value was taken.</summary>
    public bool Poll()
    {
        lock (gate)
        {
            return PollLocked();
        }
    }

    /// <summary>Stops polling.</summary>
    public void Dispose() => timer.Dispose();

    private bool PollLocked()
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Problem($"cannot read it: {e.Message}");
            return false;
        }

        var hash = SHA256.HashData(content);
        if (hash.AsSpan().SequenceEqual(seen))
        {
            return false;
        }

        seen = hash;
        var next = parse(content, out var refused);
        if (next is null)
        {
            Problem(refused ?? "refused");
            return false;
        }

        Volatile.Write(ref current, next);
        lastProblem = null;
        CredentialsLog.Reloaded(logger, what, path);
        return true;
    }

    private void Problem(string problem)
    {
        if (problem != lastProblem)
        {
            lastProblem = problem;
            CredentialsLog.Kept(logger, what, path, problem);
        }
    }
}
