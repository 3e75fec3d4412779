using System.Text.Json;

namespace Rollouts.BenchOperator;

/// <summary>
/// The API server's audit log (JSON lines, written by kube-apiserver <c>--audit-log-path</c> with the policy of
/// <see cref="LocalControlPlane"/>: only the operator's user, level Metadata, stage RequestReceived omitted), read
/// incrementally. One request counts once: a watch by its ResponseStarted event, any other request by its
/// ResponseComplete event; its time is <c>requestReceivedTimestamp</c> (the API server's clock, the same machine's),
/// and its latency inside the API server is that event's <c>stageTimestamp</c> minus it.
/// </summary>
public sealed class AuditLog(string path)
{
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private long _offset;
    private byte[] _partial = [];

    /// <summary>Number of requests read so far.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Reads what the API server appended since the last call, then counts <paramref name="user"/>'s requests received
    /// in [<paramref name="from"/>, <paramref name="to"/>). Verbs are upper-cased; server-side apply appears as PATCH.
    /// </summary>
    public async Task<RequestCounts> CountAsync(string user, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await ReadNewAsync(ct).ConfigureAwait(false);
        var groups = _entries.Where(e => e.User == user && e.At >= from && e.At < to).GroupBy(e => e.Key, StringComparer.Ordinal).ToList();
        return new RequestCounts(groups.ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal), (to - from).TotalSeconds)
        {
            MeanMilliseconds = groups.Where(g => g.Any(e => e.Milliseconds is not null))
                .ToDictionary(g => g.Key, g => g.Where(e => e.Milliseconds is not null).Average(e => e.Milliseconds!.Value), StringComparer.Ordinal),
        };
    }

    // Reads complete lines appended since the last call in 1 MiB chunks; a trailing partial line is kept for the next call.
    private async Task ReadNewAsync(CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return;
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < _offset)
        {
            (_offset, _partial) = (0, []); // truncated: start over (no rotation is configured, so not expected)
        }

        stream.Seek(_offset, SeekOrigin.Begin);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            _offset += read;
            var chunk = _partial.Length == 0 ? buffer.AsSpan(0, read).ToArray() : [.. _partial, .. buffer.AsSpan(0, read)];
            var start = 0;
            for (var i = 0; i < chunk.Length; i++)
            {
                if (chunk[i] == (byte)'\n')
                {
                    if (Parse(chunk.AsSpan(start, i - start)) is { } e)
                    {
                        _entries.Add(e);
                    }

                    start = i + 1;
                }
            }

            _partial = chunk[start..];
        }
    }

    private Entry? Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            var stage = Str(root, "stage");
            var verb = Str(root, "verb") ?? "";
            var counted = verb == "watch" ? stage == "ResponseStarted" : stage == "ResponseComplete";
            if (!counted || !root.TryGetProperty("requestReceivedTimestamp", out var ts) || !ts.TryGetDateTimeOffset(out var at))
            {
                return null;
            }

            var user = root.TryGetProperty("user", out var u) ? Str(u, "username") : null;
            string? resource = null, subresource = null;
            if (root.TryGetProperty("objectRef", out var o))
            {
                resource = Str(o, "resource");
                subresource = Str(o, "subresource");
            }

            double? ms = verb != "watch" && root.TryGetProperty("stageTimestamp", out var st) && st.TryGetDateTimeOffset(out var done)
                ? (done - at).TotalMilliseconds
                : null;
            return new Entry(at, Pooled(user ?? ""), Pooled(RequestCounts.Key(verb, resource, subresource)), ms);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Keys and users repeat: one string each keeps a long run's entries small.
    private string Pooled(string s)
    {
        if (!_keys.TryGetValue(s, out var pooled))
        {
            _keys[s] = pooled = s;
        }

        return pooled;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // Milliseconds: stageTimestamp − requestReceivedTimestamp of the ResponseComplete event (null for a watch).
    private sealed record Entry(DateTimeOffset At, string User, string Key, double? Milliseconds);
}
