namespace Rollouts.Kube;

/// <summary>Gateway API ParentReference: the Gateway (listener) a route attaches to.</summary>
public sealed record ParentReference
{
    /// <summary>Group of the parent (default gateway.networking.k8s.io).</summary>
    public string? Group { get; set; }

    /// <summary>Kind of the parent (default Gateway).</summary>
    public string? Kind { get; set; }

    /// <summary>Namespace of the parent (default: the route's).</summary>
    public string? Namespace { get; set; }

    /// <summary>Name of the parent.</summary>
    public string Name { get; set; } = "";

    /// <summary>Listener section name.</summary>
    public string? SectionName { get; set; }

    /// <summary>Listener port.</summary>
    public int? Port { get; set; }
}
