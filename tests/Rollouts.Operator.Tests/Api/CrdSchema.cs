using Rollouts.Testing;
using YamlDotNet.Serialization;

namespace Rollouts.Operator.Tests.Api;

/// <summary>The hand-kept CRD, parsed as plain dictionaries.</summary>
public static class CrdSchema
{
    public static string Path => RepositoryPaths.InRepo("crds/modeldeployments.ml.rollouts.dev.yaml");

    public static Dictionary<object, object> Load() => (Dictionary<object, object>)new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(Path))!;

    public static Dictionary<object, object> Version()
    {
        var versions = (List<object>)((Dictionary<object, object>)Load()["spec"])["versions"];
        return (Dictionary<object, object>)versions[0];
    }

    public static Dictionary<object, object> Root() =>
        (Dictionary<object, object>)((Dictionary<object, object>)Version()["schema"])["openAPIV3Schema"];

    public static Dictionary<object, object> Property(Dictionary<object, object> node, string name) =>
        (Dictionary<object, object>)((Dictionary<object, object>)node["properties"])[name];
}
