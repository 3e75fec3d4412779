using System.Reflection;
using k8s.Models;

namespace Rollouts.Kube;

/// <summary>
/// The REST coordinates of a model type, read once from its <see cref="KubernetesEntityAttribute"/> (KubernetesClient's
/// models carry it; so do ours): <c>/api/{Version}</c> for the core group, <c>/apis/{Group}/{Version}</c> otherwise,
/// then <c>/{Plural}</c>.
/// </summary>
/// <param name="Group">API group; empty for the core group.</param>
/// <param name="Version">API version, e.g. <c>v1</c>.</param>
/// <param name="Plural">Lower-case plural resource name, e.g. <c>deployments</c>.</param>
/// <param name="Kind">Kind, e.g. <c>Deployment</c>.</param>
public sealed record KubeResource(string Group, string Version, string Plural, string Kind)
{
    /// <summary>The <c>apiVersion</c> string: <c>group/version</c>, or just <c>version</c> for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The coordinates of <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The type has no <see cref="KubernetesEntityAttribute"/> with a plural name.</exception>
    public static KubeResource Of<T>() => Cache<T>.Value;

    private static class Cache<T>
    {
        public static readonly KubeResource Value = Read(typeof(T));
    }

    private static KubeResource Read(Type type)
    {
        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>();
        if (entity is null || string.IsNullOrEmpty(entity.PluralName) || string.IsNullOrEmpty(entity.ApiVersion))
        {
            throw new InvalidOperationException($"{type.Name} has no [KubernetesEntity] attribute naming its version and plural");
        }

        return new KubeResource(entity.Group ?? "", entity.ApiVersion, entity.PluralName, entity.Kind ?? type.Name);
    }
}
