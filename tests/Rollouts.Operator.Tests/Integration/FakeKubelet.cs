using System.Collections.Concurrent;
using Rollouts.Api;
using Rollouts.Kube;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>
/// Stands in for the kubelet (none runs in the test control plane): marks the pods of a namespace Running and Ready
/// through the pods' status subresource, except pods of model versions listed in <see cref="NeverReady"/>; pods of
/// versions passed to <see cref="Fail"/> turn (and stay) unready even after they were ready, as a crashed or hung
/// serving process's would.
/// </summary>
public sealed class FakeKubelet : IAsyncDisposable
{
    private readonly IKubeClient client;
    private readonly string ns;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int ip;

    public FakeKubelet(IKubeClient client, string ns)
    {
        this.client = client;
        this.ns = ns;
        loop = Task.Run(() => RunAsync(stop.Token));
    }

    /// <summary>The last failure of a round, for timeout messages.</summary>
    public string? LastError { get; private set; }

    /// <summary>Model versions whose pods stay unready.</summary>
    public HashSet<string> NeverReady { get; } = [];

    private readonly ConcurrentDictionary<string, bool> failing = new();

    /// <summary>From the next round on, the pods of <paramref name="version"/> report Ready=False (running ones too) and new ones never get ready.</summary>
    public void Fail(string version) => failing[version] = true;

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var pods = await client.ListAsync<V1Pod>(ns, null, ct);
                foreach (var pod in pods.Items)
                {
                    var version = pod.Metadata.Labels.ValueOrDefault(ModelDeploymentAnnotations.ModelVersionLabel);
                    if (version is not null && failing.ContainsKey(version))
                    {
                        await MakeUnreadyAsync(pod, ct);
                        continue;
                    }

                    if (pod.Status?.Phase == "Running" || pod.Metadata.DeletionTimestamp is not null || version is null || NeverReady.Contains(version))
                    {
                        continue;
                    }

                    var n = Interlocked.Increment(ref ip);
                    var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
                    await client.MergePatchStatusAsync<V1Pod>(ns, pod.Metadata.Name!, new
                    {
                        status = new
                        {
                            phase = "Running",
                            podIP = $"10.244.{n / 250}.{(n % 250) + 1}",
                            startTime = now,
                            conditions = new object[]
                            {
                                new { type = "PodScheduled", status = "True", lastTransitionTime = now },
                                new { type = "Initialized", status = "True", lastTransitionTime = now },
                                new { type = "ContainersReady", status = "True", lastTransitionTime = now },
                                new { type = "Ready", status = "True", lastTransitionTime = now },
                            },
                        },
                    }, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // e.g. a pod went away between list and patch: the next round sees the new state
                LastError = e.Message;
            }

            try
            {
                await Task.Delay(150, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task MakeUnreadyAsync(V1Pod pod, CancellationToken ct)
    {
        if (pod.Status?.Phase != "Running" || pod.Metadata.DeletionTimestamp is not null ||
            pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") != true)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        await client.MergePatchStatusAsync<V1Pod>(ns, pod.Metadata.Name!, new
        {
            status = new
            {
                conditions = new object[]
                {
                    new { type = "PodScheduled", status = "True", lastTransitionTime = now },
                    new { type = "Initialized", status = "True", lastTransitionTime = now },
                    new { type = "ContainersReady", status = "False", lastTransitionTime = now },
                    new { type = "Ready", status = "False", lastTransitionTime = now },
                },
            },
        }, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
