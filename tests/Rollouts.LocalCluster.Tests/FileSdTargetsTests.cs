using System.Text.Json;
using Rollouts.LocalCluster.Prometheus;

namespace Rollouts.LocalCluster.Tests;

public sealed class FileSdTargetsTests
{
    [Fact]
    public void A_running_annotated_pod_becomes_a_target_with_namespace_pod_and_sanitized_labels()
    {
        var target = FileSdTargets.ForPod(Objects.Pod("iris-a-1", "1.0.0", ready: true, "127.0.1.2")).ShouldNotBeNull();
        target.Address.ShouldBe("127.0.1.2:8080");

        using var doc = JsonDocument.Parse(FileSdTargets.ToJson([target]));
        var group = doc.RootElement.EnumerateArray().Single();
        group.GetProperty("targets")[0].GetString().ShouldBe("127.0.1.2:8080");
        var labels = group.GetProperty("labels");
        labels.GetProperty("namespace").GetString().ShouldBe("demo");
        labels.GetProperty("pod").GetString().ShouldBe("iris-a-1");
        labels.GetProperty("__metrics_path__").GetString().ShouldBe("/metrics");
        labels.GetProperty("ml_rollouts_dev_model_version").GetString().ShouldBe("1.0.0");
    }

    [Fact]
    public void Pods_not_running_or_not_annotated_or_terminating_are_not_scraped()
    {
        FileSdTargets.ForPod(Objects.Pod("p", "1", ready: false, "127.0.1.2", phase: "Pending")).ShouldBeNull();
        FileSdTargets.ForPod(Objects.Pod("p", "1", ready: true, "127.0.1.2", deleting: true)).ShouldBeNull();
        var unannotated = Objects.Pod("p", "1", ready: true, "127.0.1.2");
        unannotated.Metadata.Annotations!.Remove("prometheus.io/scrape");
        FileSdTargets.ForPod(unannotated).ShouldBeNull();
    }

    [Theory]
    [InlineData("app.kubernetes.io/name", "app_kubernetes_io_name")]
    [InlineData("ml.rollouts.dev/model-version", "ml_rollouts_dev_model_version")]
    [InlineData("plain_1", "plain_1")]
    public void Label_names_are_sanitized_as_labelmap_does(string k8s, string prometheus) =>
        FileSdTargets.LabelName(k8s).ShouldBe(prometheus);
}
