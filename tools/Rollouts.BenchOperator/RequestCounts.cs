using System.Text.Json.Serialization;

namespace Rollouts.BenchOperator;

/// <summary>
/// API requests counted over an interval, keyed by <c>VERB resource[/subresource]</c>, verbs upper-cased: the audit
/// log's Kubernetes verbs (GET, LIST, WATCH, CREATE, UPDATE, PATCH, DELETE, DELETECOLLECTION) or v1.20's
/// apiserver_request_total verbs (GET, LIST, WATCH, POST, PUT, PATCH, APPLY, DELETE, DELETECOLLECTION).
/// </summary>
/// <param name="Counts">Requests per key.</param>
/// <param name="Seconds">Length of the interval, seconds.</param>
public sealed record RequestCounts(IReadOnlyDictionary<string, long> Counts, double Seconds)
{
    private static readonly HashSet<string> WriteVerbs = ["CREATE", "UPDATE", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION", "POST", "PUT"];

    /// <summary>Mean time inside the API server per key, milliseconds (from the audit log; null: not known, e.g. from metrics).</summary>
    public IReadOnlyDictionary<string, double>? MeanMilliseconds { get; init; }

    /// <summary>All requests.</summary>
    [JsonIgnore]
    public long Total => Counts.Values.Sum();

    /// <summary>Requests that change state (create, update, patch, server-side apply, delete).</summary>
    [JsonIgnore]
    public long Writes => Counts.Where(kv => WriteVerbs.Contains(Verb(kv.Key))).Sum(kv => kv.Value);

    /// <summary>Writes per minute over the interval.</summary>
    [JsonIgnore]
    public double WritesPerMinute => Seconds > 0 ? Writes / Seconds * 60.0 : 0;

    /// <summary>Requests per minute over the interval.</summary>
    [JsonIgnore]
    public double RequestsPerMinute => Seconds > 0 ? Total / Seconds * 60.0 : 0;

    /// <summary>The key of a request: <c>VERB resource</c> or <c>VERB resource/subresource</c> (empty resource: "-").</summary>
    public static string Key(string verb, string? resource, string? subresource) =>
        $"{verb.ToUpperInvariant()} {(string.IsNullOrEmpty(resource) ? "-" : resource)}{(string.IsNullOrEmpty(subresource) ? "" : "/" + subresource)}";

    /// <summary>"VERB resource 12 (34 ms), …" with the largest first, at most <paramref name="top"/> entries (the mean latency where known).</summary>
    public string Summary(int top = 12)
    {
        var items = Counts.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        return items.Count == 0
            ? "none"
            : string.Join(", ", items.Take(top).Select(kv => $"{kv.Key} {kv.Value}{Latency(kv.Key)}")) + (items.Count > top ? $", … ({items.Count - top} more)" : "");
    }

    private string Latency(string key) =>
        MeanMilliseconds?.TryGetValue(key, out var ms) == true ? $" ({ms.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)} ms)" : "";

    private static string Verb(string key) => key.Split(' ', 2)[0];
}
