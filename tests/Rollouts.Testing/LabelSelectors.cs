using k8s.Models;

namespace Rollouts.Testing;

/// <summary>A label selector written as the <c>labelSelector</c> query parameter (<c>app=iris,tier in (a,b),!legacy</c>).</summary>
public static class LabelSelectors
{
    /// <summary>The query form of <paramref name="selector"/>.</summary>
    /// <exception cref="ArgumentException">An operator other than In, NotIn, Exists, DoesNotExist.</exception>
    public static string Query(V1LabelSelector selector) => string.Join(',',
        (selector.MatchLabels ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}")
        .Concat((selector.MatchExpressions ?? []).Select(e => e.OperatorProperty switch
        {
            "In" => $"{e.Key} in ({string.Join(',', e.Values)})",
            "NotIn" => $"{e.Key} notin ({string.Join(',', e.Values)})",
            "Exists" => e.Key,
            "DoesNotExist" => "!" + e.Key,
            var other => throw new ArgumentException($"label selector operator {other} is not one of In, NotIn, Exists, DoesNotExist"),
        })));
}
