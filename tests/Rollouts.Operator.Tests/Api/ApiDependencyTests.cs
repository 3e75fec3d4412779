using System.Reflection;
using Rollouts.Api;

namespace Rollouts.Operator.Tests.Api;

/// <summary>Rollouts.Api is the API and nothing else: KubernetesClient's models, no client, Polly, ASP.NET or our Kubernetes foundation.</summary>
public sealed class ApiDependencyTests
{
    private static readonly Assembly Api = typeof(ModelDeployment).Assembly;

    [Fact]
    public void The_api_assembly_references_only_the_runtime_and_KubernetesClient()
    {
        var references = Api.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldContain("KubernetesClient");
        references.ShouldNotContain(n => n.StartsWith("Polly", StringComparison.Ordinal) || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || n.StartsWith("Rollouts.", StringComparison.Ordinal) || n.StartsWith("Microsoft.Extensions", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_KubernetesClient_type_the_api_uses_is_a_model_or_an_object_interface()
    {
        var used = Api.GetTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(p => p.PropertyType)
                .Concat(t.GetInterfaces())
                .Concat(t.GetCustomAttributesData().Select(a => a.AttributeType)))
            .SelectMany(Flatten)
            .Where(t => t.Assembly == typeof(k8s.Models.V1ObjectMeta).Assembly)
            .Distinct()
            .ToList();
        used.ShouldNotBeEmpty();
        used.ShouldAllBe(t => t.Namespace == "k8s.Models" || t.Name.StartsWith("IKubernetesObject", StringComparison.Ordinal));
    }

    private static IEnumerable<Type> Flatten(Type t) =>
        t.IsGenericType ? t.GetGenericArguments().SelectMany(Flatten).Append(t.GetGenericTypeDefinition()) : [t];
}
