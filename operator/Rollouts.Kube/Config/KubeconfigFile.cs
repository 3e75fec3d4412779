using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Rollouts.Kube;

/// <summary>
/// Reads one kubeconfig file into KubernetesClient's own model (<see cref="K8SConfiguration"/>), for
/// <c>KubernetesClientConfiguration.BuildConfigFromConfigObject</c> to resolve as it always does. Why not the library's
/// <c>LoadKubeConfig</c>: it parses with <c>k8s.KubernetesYaml</c>, whose static initializer builds YAML (de)serializers
/// with overrides for every property of every Kubernetes model type and a map of all of them; measured in a process
/// that has only KubernetesClient loaded, that costs about 40 MiB of RSS, 6 MiB of it managed heap, kept for the
/// process's life, to read a file of a few hundred bytes; in the operator, which loads much of the same type metadata
/// for its JSON anyway, the difference measured 3–5 MiB (docs/benchmarks/operator.md, after-4). In a pod the
/// operator uses the in-cluster service account and reads no YAML at all. The kubeconfig model names every field
/// with a <c>YamlMember</c> alias, so YamlDotNet's default deserializer, which ignores what the model does not
/// have as the library's does, reads the file to the same object (KubeconfigFileTests compares the two).
/// </summary>
public static class KubeconfigFile
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary>
    /// The file's configuration, with <see cref="K8SConfiguration.FileName"/> set to its full path (relative
    /// certificate, key and exec paths resolve against its folder, as kubectl resolves them).
    /// </summary>
    /// <exception cref="KubeConfigException">The file does not exist, cannot be read, or is not a kubeconfig (the message names the file and the YAML position).</exception>
    public static K8SConfiguration Load(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new KubeConfigException($"kubeconfig file not found at {file.FullName}");
        }

        try
        {
            using var reader = file.OpenText();
            var config = Deserializer.Deserialize<K8SConfiguration?>(reader) ?? new K8SConfiguration();
            config.FileName = file.FullName;
            return config;
        }
        catch (YamlException e)
        {
            // The position and the parser's reason. A credential cannot be the reason: tokens, keys and passwords are
            // string fields, which take any scalar.
            throw new KubeConfigException($"kubeconfig {file.FullName} is not valid: {e.Start}: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"kubeconfig {file.FullName} cannot be read: {e.Message}", e);
        }
    }
}
