using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>CustomResourceDefinitionNames.</summary>
public sealed class CustomResourceDefinitionNames
{
    /// <summary>Plural resource name.</summary>
    public string Plural { get; set; } = "";

    /// <summary>Singular name.</summary>
    public string? Singular { get; set; }

    /// <summary>Kind.</summary>
    public string Kind { get; set; } = "";

    /// <summary>List kind.</summary>
    public string? ListKind { get; set; }

    /// <summary>Short names for kubectl.</summary>
    public List<string>? ShortNames { get; set; }

    /// <summary>Categories (e.g. <c>all</c>).</summary>
    public List<string>? Categories { get; set; }
}
