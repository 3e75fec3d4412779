using System.Text;
using k8s.Models;

namespace Rollouts.LocalCluster.Agent;

/// <summary>
/// The kubelet's configMap volumes, locally: each <c>configMap</c> volume of a pod is a directory
/// <c>{podDirectory}/{volumeName}</c> holding one file per key of the ConfigMap (or per <c>items</c> entry, at its
/// <c>path</c>), with the volume's <c>defaultMode</c> (default 0644) — kept equal to the ConfigMap on every
/// <see cref="Sync"/> (files written to a temporary name and renamed, so a reader never sees half a file; keys that
/// are gone are deleted). An optional ConfigMap that does not exist is an empty directory; a required one that does
/// not exist holds the container back (<see cref="SyncResult.Missing"/>), as the kubelet's FailedMount does.
/// Container arguments and env values that start with a volumeMount's mountPath are rewritten to the local directory
/// (<see cref="RewriteArguments"/>); there is no mount namespace here.
/// </summary>
public static class ConfigMapVolumes
{
    /// <summary>Outcome of one <see cref="Sync"/>.</summary>
    /// <param name="MountPaths">mountPath → local directory, for every volumeMount of the container onto a configMap volume.</param>
    /// <param name="Missing">Names of required ConfigMaps that do not exist (empty when the container can start).</param>
    public sealed record SyncResult(IReadOnlyDictionary<string, string> MountPaths, IReadOnlyList<string> Missing);

    /// <summary>
    /// Materialises the configMap volumes of <paramref name="pod"/> mounted by its first container under
    /// <paramref name="podDirectory"/>, from <paramref name="configMaps"/> (the ConfigMaps of the pod's namespace by name).
    /// </summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static SyncResult Sync(V1Pod pod, string podDirectory, IReadOnlyDictionary<string, V1ConfigMap> configMaps)
    {
        var container = pod.Spec!.Containers[0];
        var volumes = (pod.Spec.Volumes ?? []).Where(v => v.ConfigMap is not null).ToDictionary(v => v.Name, StringComparer.Ordinal);
        var mounts = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!volumes.TryGetValue(mount.Name, out var volume))
            {
                continue;
            }

            var source = volume.ConfigMap;
            var directory = Path.Combine(podDirectory, volume.Name);
            Directory.CreateDirectory(directory);
            configMaps.TryGetValue(source.Name ?? "", out var configMap);
            if (configMap is null && source.Optional != true)
            {
                missing.Add(source.Name ?? "");
            }

            Write(directory, Files(source, configMap), (UnixFileMode)(source.DefaultMode ?? Convert.ToInt32("644", 8)));
            mounts[mount.MountPath.TrimEnd('/')] = directory;
        }

        return new SyncResult(mounts, missing);
    }

    /// <summary>
    /// <paramref name="arguments"/> with each argument that equals a mountPath, or starts with it followed by
    /// <c>/</c>, rewritten onto its local directory (e.g. <c>/etc/model-rollouts/shadow/shadow.json</c> →
    /// <c>{dir}/shadow/shadow.json</c>); the longest matching mountPath wins.
    /// </summary>
    public static IReadOnlyList<string> RewriteArguments(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> mountPaths)
    {
        var ordered = mountPaths.OrderByDescending(m => m.Key.Length).ToList();
        return arguments.Select(a =>
        {
            foreach (var (path, local) in ordered)
            {
                if (a == path || a.StartsWith(path + "/", StringComparison.Ordinal))
                {
                    return local + a[path.Length..];
                }
            }

            return a;
        }).ToList();
    }

    private static Dictionary<string, byte[]> Files(V1ConfigMapVolumeSource source, V1ConfigMap? configMap)
    {
        var all = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in configMap?.Data ?? new Dictionary<string, string>())
        {
            all[key] = Encoding.UTF8.GetBytes(value);
        }

        foreach (var (key, value) in configMap?.BinaryData ?? new Dictionary<string, byte[]>())
        {
            all[key] = value;
        }

        if (source.Items is not { Count: > 0 } items)
        {
            return all;
        }

        var selected = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (all.TryGetValue(item.Key, out var bytes))
            {
                selected[item.Path] = bytes;
            }
        }

        return selected;
    }

    private static void Write(string directory, Dictionary<string, byte[]> files, UnixFileMode mode)
    {
        foreach (var (relative, bytes) in files)
        {
            if (relative.Split('/').Any(part => part is "" or "." or ".."))
            {
                continue; // The API server refuses such paths; never write outside the volume.
            }

            var path = Path.Combine(directory, relative);
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.tmp");
            File.WriteAllBytes(temporary, bytes);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, mode);
            }

            File.Move(temporary, path, overwrite: true);
        }

        foreach (var stale in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToList())
        {
            var relative = Path.GetRelativePath(directory, stale).Replace(Path.DirectorySeparatorChar, '/');
            if (!files.ContainsKey(relative))
            {
                File.Delete(stale);
            }
        }
    }
}
