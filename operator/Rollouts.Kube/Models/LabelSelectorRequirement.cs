namespace Rollouts.Kube;

/// <summary>meta/v1 LabelSelectorRequirement.</summary>
public sealed class LabelSelectorRequirement
{
    /// <summary>Label key.</summary>
    public string Key { get; set; } = "";

    /// <summary>In, NotIn, Exists or DoesNotExist.</summary>
    public string Operator { get; set; } = "";

    /// <summary>Values for In/NotIn.</summary>
    public List<string>? Values { get; set; }
}
