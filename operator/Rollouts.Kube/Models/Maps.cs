namespace Rollouts.Kube;

/// <summary>Lookups in KubernetesClient's label, annotation and selector maps (typed <see cref="IDictionary{TKey, TValue}"/>, which has no GetValueOrDefault).</summary>
public static class Maps
{
    /// <summary>The value under <paramref name="key"/>, or null when the map is null or lacks the key.</summary>
    public static string? ValueOrDefault(this IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;
}
