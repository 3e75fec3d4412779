namespace Rollouts.Kube;

/// <summary>meta/v1 LabelSelector.</summary>
public sealed class LabelSelector
{
    /// <summary>Labels that must all match.</summary>
    public Dictionary<string, string>? MatchLabels { get; set; }

    /// <summary>Set-based requirements.</summary>
    public List<LabelSelectorRequirement>? MatchExpressions { get; set; }

    /// <summary>
    /// The selector as a query string (<c>a=b,c in (d,e)</c>) for <see cref="ListOptions.LabelSelector"/>.
    /// </summary>
    public override string ToString()
    {
        var parts = new List<string>();
        foreach (var (k, v) in MatchLabels ?? [])
        {
            parts.Add($"{k}={v}");
        }

        foreach (var e in MatchExpressions ?? [])
        {
            parts.Add(e.Operator switch
            {
                "In" => $"{e.Key} in ({string.Join(',', e.Values ?? [])})",
                "NotIn" => $"{e.Key} notin ({string.Join(',', e.Values ?? [])})",
                "Exists" => e.Key,
                "DoesNotExist" => $"!{e.Key}",
                _ => throw new FormatException($"unknown label selector operator '{e.Operator}'"),
            });
        }

        return string.Join(',', parts);
    }
}
