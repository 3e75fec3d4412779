using System.Text.RegularExpressions;
using Rollouts.Api.Traffic;
using Rollouts.Api.Strategy;

namespace Rollouts.Operator.Planning;

/// <summary>Checks of the shadow and setHeaderRoute canary steps (pure; errors name the field, for the InvalidSpec condition).</summary>
internal static partial class StepValidator
{
    /// <summary>
    /// Null when some judging check of <paramref name="analysis"/> applies at an analysis step (shadowing or not:
    /// agreement only while a shadow is in force, accuracy only when none is, the others always; see
    /// <c>Rollouts.Analysis.CheckPlanner</c>), else the reason none does. The sample gate alone never judges a run.
    /// </summary>
    public static string? ChecksAt(Api.Analysis.AnalysisSpec analysis, bool shadowing)
    {
        var always = analysis.ErrorRate is not null || analysis.Latency is not null || analysis.Drift is not null || analysis.Metrics is { Count: > 0 };
        if (always || (shadowing ? analysis.Agreement is not null : analysis.Accuracy is not null))
        {
            return null;
        }

        return shadowing
            ? "no check of spec.analysis applies while a shadow is in force (accuracy needs users' feedback on the canary's answers, and the canary answers none); add agreement or another check"
            : "no check of spec.analysis applies without a shadow in force (agreement compares shadow copies, and none are sent here); add accuracy or another check";
    }

    /// <summary>Errors of a shadow step: percent 1..100, a known compare mode, a finite tolerance ≥ 0.</summary>
    public static IEnumerable<string> Shadow(ShadowStep? shadow, string field)
    {
        if (shadow is null)
        {
            yield break;
        }

        if (shadow.Percent is < 1 or > 100)
        {
            yield return $"{field}.percent: {shadow.Percent} is not within 1..100";
        }

        if (shadow.Compare is { } c && !ShadowStep.CompareModes.Contains(c))
        {
            yield return $"{field}.compare: '{c}' is not one of {string.Join(", ", ShadowStep.CompareModes)}";
        }

        if (shadow.Tolerance is { } t && (double.IsNaN(t) || double.IsInfinity(t) || t < 0))
        {
            yield return $"{field}.tolerance: {t} must be a finite number not below 0";
        }
    }

    /// <summary>
    /// Errors of a setHeaderRoute step: a header name (HTTP token), a value of at most 4096 characters (a regular
    /// expression that compiles), type Exact or RegularExpression, and an operator-owned HTTPRoute
    /// (<c>gatewayAPI.parentRefs</c>): replica-ratio routing cannot match headers, and the operator does not add rules to
    /// a route it does not own (it only sets the weights of the user's backendRefs).
    /// </summary>
    public static IEnumerable<string> HeaderRoute(HeaderRouteStep? header, GatewayApiRouting? gateway, string field)
    {
        if (header is null)
        {
            yield break;
        }

        if (string.IsNullOrEmpty(header.Name) || header.Name.Length > 256 || !HeaderName().IsMatch(header.Name))
        {
            yield return $"{field}.name: '{header.Name}' is not an HTTP header name";
        }

        if (header.Type is { } type && !HeaderRouteStep.MatchTypes.Contains(type))
        {
            yield return $"{field}.type: '{type}' is not one of {string.Join(", ", HeaderRouteStep.MatchTypes)}";
        }

        if (header.Value is { } value)
        {
            if (value.Length is 0 or > 4096)
            {
                yield return $"{field}.value: must be 1 to 4096 characters (leave it out to remove the header rule)";
            }
            else if (header.Type == "RegularExpression" && !Compiles(value))
            {
                yield return $"{field}.value: '{value}' is not a regular expression";
            }
        }

        if (gateway is null)
        {
            yield return $"{field}: needs spec.trafficRouting.gatewayAPI with parentRefs; replica-ratio routing cannot route by header";
        }
        else if (gateway.ParentRefs is not { Count: > 0 })
        {
            yield return $"{field}: needs spec.trafficRouting.gatewayAPI.parentRefs (an HTTPRoute the operator owns); it does not add rules to the existing route {gateway.HttpRoute}";
        }
    }

    private static bool Compiles(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderName();
}
