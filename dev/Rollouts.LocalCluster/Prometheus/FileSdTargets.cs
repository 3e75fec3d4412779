using System.Text;
using System.Text.Json;
using k8s.Models;
using Rollouts.Kube;

namespace Rollouts.LocalCluster.Prometheus;

/// <summary>
/// Writes Prometheus <c>file_sd</c> target files. The labels match what <c>samples/prometheus/prometheus.yaml</c>
/// produces in a real cluster through <c>kubernetes_sd_configs</c> (role pod) and relabeling: only pods annotated
/// <c>prometheus.io/scrape: "true"</c> and Running with an IP; address <c>podIP:prometheus.io/port</c>; metrics path
/// from <c>prometheus.io/path</c>; labels <c>namespace</c>, <c>pod</c> and every pod label (name sanitized:
/// characters outside [a-zA-Z0-9_] become '_'). So analysis queries are identical locally and in a cluster.
/// </summary>
public static class FileSdTargets
{
    /// <summary>The target of <paramref name="pod"/>, or null when it is not to be scraped.</summary>
    public static ScrapeTarget? ForPod(V1Pod pod)
    {
        var annotations = pod.Metadata.Annotations;
        if (annotations.ValueOrDefault("prometheus.io/scrape") != "true"
            || pod.Status is not { Phase: "Running", PodIP.Length: > 0 } status
            || pod.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }

        var port = annotations.ValueOrDefault("prometheus.io/port")
                   ?? pod.Spec?.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault()?.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(port))
        {
            return null;
        }

        return new ScrapeTarget(
            $"{status.PodIP}:{port}",
            annotations.ValueOrDefault("prometheus.io/path") ?? "/metrics",
            pod.Metadata.NamespaceProperty ?? "default",
            pod.Metadata.Name ?? "",
            new Dictionary<string, string>(pod.Metadata.Labels ?? new Dictionary<string, string>()));
    }

    /// <summary>Sanitizes a Kubernetes label name into a Prometheus label name.</summary>
    public static string LabelName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return sb.ToString();
    }

    /// <summary>The file_sd JSON (one group per target) for <paramref name="targets"/>, ordered by address.</summary>
    public static string ToJson(IEnumerable<ScrapeTarget> targets)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var t in targets.OrderBy(t => t.Address, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteStartArray("targets");
                w.WriteStringValue(t.Address);
                w.WriteEndArray();
                w.WriteStartObject("labels");
                foreach (var (k, v) in t.PodLabels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    var name = LabelName(k);
                    if (name is not ("namespace" or "pod") && !name.StartsWith("__", StringComparison.Ordinal))
                    {
                        w.WriteString(name, v);
                    }
                }

                w.WriteString("__metrics_path__", t.MetricsPath);
                w.WriteString("namespace", t.Namespace);
                w.WriteString("pod", t.Pod);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the JSON atomically (temp file + rename), so Prometheus never reads half a file.</summary>
    public static void Write(string path, IEnumerable<ScrapeTarget> targets)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, ToJson(targets));
        File.Move(tmp, path, overwrite: true);
    }
}
