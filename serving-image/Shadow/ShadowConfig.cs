using System.Text.Json;

namespace Rollouts.Serving.Shadow;

/// <summary>
/// The operator's shadow configuration (<c>shadow.json</c> of the <c>&lt;mdep&gt;-shadow</c> ConfigMap, seams S1):
/// <c>{"percent": 10, "targetUrl": "http://iris-canary.ns.svc:8080", "targetRevision": "...", "compare": "Auto", "tolerance": 0.001}</c>.
/// </summary>
/// <param name="Percent">Share of requests copied, 0..100 (0 = off).</param>
/// <param name="TargetUrl">The candidate's base URL: http or https, no userinfo, a host ending in an allowed suffix.</param>
/// <param name="TargetRevision">The candidate's revision (the <c>candidate_revision</c> label).</param>
/// <param name="Compare">How answers are compared.</param>
/// <param name="Tolerance">Absolute tolerance of float elements (Elementwise, and Auto on float-only models).</param>
public sealed record ShadowConfig(double Percent, Uri TargetUrl, string TargetRevision, CompareMode Compare, double Tolerance)
{
    /// <summary>The tolerance when the file gives none.</summary>
    public const double DefaultTolerance = 0.001;

    /// <summary>
    /// Parses the file; null with a message when it is not valid JSON of that shape or the URL is not allowed.
    /// A valid file with <c>percent: 0</c> parses (and means off).
    /// </summary>
    public static ShadowConfig? TryParse(ReadOnlySpan<byte> content, IReadOnlyList<string> allowedHostSuffixes, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(content.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "expected a JSON object";
                return null;
            }

            if (!root.TryGetProperty("percent", out var p) || !p.TryGetDouble(out var percent) || percent is < 0 or > 100)
            {
                error = "percent must be a number from 0 to 100";
                return null;
            }

            var url = root.TryGetProperty("targetUrl", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var revision = root.TryGetProperty("targetRevision", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (string.IsNullOrEmpty(revision))
            {
                error = "targetRevision must be a non-empty string";
                return null;
            }

            var compare = CompareMode.Auto;
            if (root.TryGetProperty("compare", out var c) && (c.ValueKind != JsonValueKind.String || !Enum.TryParse(c.GetString(), ignoreCase: false, out compare) || !Enum.IsDefined(compare)))
            {
                error = $"compare must be one of {string.Join('|', Enum.GetNames<CompareMode>())}, got {c.GetRawText()}";
                return null;
            }

            var tolerance = DefaultTolerance;
            if (root.TryGetProperty("tolerance", out var t) && (!t.TryGetDouble(out tolerance) || tolerance < 0 || !double.IsFinite(tolerance)))
            {
                error = "tolerance must be a non-negative number";
                return null;
            }

            if (CheckUrl(url, allowedHostSuffixes, out error) is not { } target)
            {
                return null;
            }

            return new ShadowConfig(percent, target, revision, compare, tolerance);
        }
        catch (JsonException e)
        {
            error = $"not JSON: {e.Message}";
            return null;
        }
    }

    /// <summary>The URL when it is http(s), without userinfo, query or fragment, on a host ending in one of <paramref name="suffixes"/>; else null with why.</summary>
    public static Uri? CheckUrl(string? url, IReadOnlyList<string> suffixes, out string? error)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            error = $"targetUrl must be an absolute URL, got '{url}'";
            return null;
        }

        if (uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = $"targetUrl must be http or https without userinfo, query or fragment, got '{url}'";
            return null;
        }

        var host = uri.IdnHost.TrimEnd('.');
        if (!suffixes.Any(s => host.EndsWith(s, StringComparison.OrdinalIgnoreCase) && host.Length > s.Length))
        {
            error = $"targetUrl host '{host}' does not end in an allowed suffix ({string.Join(", ", suffixes)}; --shadow-allowed-host-suffixes): live requests go to in-cluster Services only";
            return null;
        }

        error = null;
        return uri;
    }
}
