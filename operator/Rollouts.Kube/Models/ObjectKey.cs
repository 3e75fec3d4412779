namespace Rollouts.Kube;

/// <summary>Identifies an object by namespace and name; the unit the work queue and reconcilers deal in.</summary>
/// <param name="Namespace">Namespace, or null for cluster-scoped objects.</param>
/// <param name="Name">Object name.</param>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    /// <summary><c>namespace/name</c>, or just <c>name</c> when cluster-scoped (client-go's MetaNamespaceKey).</summary>
    public override string ToString() => string.IsNullOrEmpty(Namespace) ? Name : $"{Namespace}/{Name}";

    /// <summary>Parses <c>namespace/name</c> or <c>name</c>.</summary>
    /// <exception cref="FormatException">Empty input or more than one slash.</exception>
    public static ObjectKey Parse(string key)
    {
        var parts = key.Split('/');
        return parts switch
        {
            [var name] when name.Length > 0 => new ObjectKey(null, name),
            [var ns, var name] when ns.Length > 0 && name.Length > 0 => new ObjectKey(ns, name),
            _ => throw new FormatException($"'{key}' is not an object key (namespace/name or name)"),
        };
    }
}
