using System.Net.Http.Json;
using System.Text.Json;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Rollouts.Kube;
using Rollouts.LocalCluster.Agent;
using Rollouts.LocalCluster.Orchestration;
using Rollouts.LocalCluster.Processes;
using Rollouts.LocalCluster.Traffic;
using Rollouts.Testing;
using LocalPrometheus = Rollouts.LocalCluster.Prometheus.PrometheusServer;

namespace Rollouts.LocalCluster.Tests;

/// <summary>The node agent against the real local control plane, a real serving process and a real Prometheus.</summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class NodeAgentTests(ControlPlaneFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _state = Directory.CreateTempSubdirectory("agent-test").FullName;
    private readonly CancellationTokenSource _stop = new();
    private KubeClient _client = null!;
    private string _ns = "";
    private ProcessWatchdog _watchdog = null!;
    private LocalPrometheus _prometheus = null!;
    private NodeAgent _agent = null!;
    private Task _agentRun = Task.CompletedTask;
    private ILoggerFactory _logs = null!;

    public async Task InitializeAsync()
    {
        _client = fixture.ControlPlane.CreateAdminClient();
        _logs = LoggerFactory.Create(b => b.AddProvider(new FileLoggerProvider(AgentLog, TimeProvider.System)));
        _ns = await fixture.ControlPlane.CreateNamespaceAsync("agent");
        _watchdog = ProcessWatchdog.Start(Path.Combine(_state, "pids"));
        _prometheus = await LocalPrometheus.StartAsync(Path.Combine(_state, "prometheus"), TimeSpan.FromSeconds(1), _watchdog, CancellationToken.None);
        _agent = new NodeAgent(
            _client,
            new NodeAgentOptions
            {
                NodeName = "agent-test-node",
                Namespace = _ns,
                ServingAssembly = BuildPaths.ServingAssembly,
                // Its own prefix: `make up` and E2E's LocalUpTests serve on 127.0.3, E2E's scenarios on 127.0.2 and
                // 127.0.4, and run-tests.sh runs these projects at the same time.
                AddressPrefix = "127.0.5",
                LogDirectory = Path.Combine(_state, "pods"),
                TargetsFile = _prometheus.TargetsFile,
            },
            TimeProvider.System,
            _logs.CreateLogger("node-agent"),
            _watchdog);
        _agentRun = Task.Run(() => _agent.RunAsync(_stop.Token));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _agentRun;
        await _prometheus.DisposeAsync();
        _watchdog.Dispose();
        _client.Dispose();
        _logs.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task A_deployments_pods_are_bound_run_the_serving_process_become_ready_and_are_scraped()
    {
        await _client.CreateAsync(ServingDeployment("iris", "ghcr.io/model-rollouts/serving:0.1.0", replicas: 2), CancellationToken.None);

        var deployment = await Eventually(async () =>
        {
            var d = await _client.GetAsync<V1Deployment>(_ns, "iris", CancellationToken.None);
            return d?.Status?.AvailableReplicas == 2 ? d : null;
        });
        deployment.Status!.ReadyReplicas.ShouldBe(2);

        var pods = (await _client.ListAsync<V1Pod>(_ns, new ListOptions { LabelSelector = "app=iris" }, CancellationToken.None)).Items;
        pods.Count.ShouldBe(2);
        pods.ShouldAllBe(p => p.Spec!.NodeName == "agent-test-node" && p.Status!.Phase == "Running" && p.Status.PodIP!.StartsWith("127.0.5.", StringComparison.Ordinal));
        _agent.RunningProcesses.ShouldBe(2);

        // Each pod answers real inference requests on its own address.
        using var http = new HttpClient();
        foreach (var pod in pods)
        {
            using var response = await http.PostAsync(
                new Uri($"http://{pod.Status!.PodIP}:8080/v2/models/iris/infer"),
                new StringContent(InferRequestBody.ForRow([5.1f, 3.5f, 1.4f, 0.2f]), System.Text.Encoding.UTF8, "application/json"));
            response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        }

        // Prometheus scrapes both pods, labelled with namespace and pod as in a cluster.
        await Eventually(async () =>
        {
            var query = Uri.EscapeDataString($"up{{namespace=\"{_ns}\",job=\"model-serving-pods\"}} == 1");
            using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(_prometheus.Url, $"api/v1/query?query={query}")));
            var results = doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
                .Select(r => r.GetProperty("metric").GetProperty("pod").GetString()).ToHashSet();
            return results.SetEquals(pods.Select(p => p.Metadata.Name)) ? results : null;
        });

        // Deleting the Deployment deletes the pods; the agent stops their processes and confirms the deletion.
        await _client.DeleteAsync<V1Deployment>(_ns, "iris", new V1DeleteOptions { PropagationPolicy = "Foreground" }, CancellationToken.None);
        await Eventually(async () =>
        {
            var left = (await _client.ListAsync<V1Pod>(_ns, new ListOptions { LabelSelector = "app=iris" }, CancellationToken.None)).Items;
            return left.Count == 0 && _agent.RunningProcesses == 0 ? "gone" : null;
        });
    }

    [Fact]
    public async Task A_pod_whose_image_cannot_run_reports_image_pull_back_off_and_never_becomes_available()
    {
        await _client.CreateAsync(ServingDeployment("other", "docker.io/library/nginx:1.25", replicas: 1), CancellationToken.None);
        var pod = await Eventually(async () =>
        {
            var pods = (await _client.ListAsync<V1Pod>(_ns, new ListOptions { LabelSelector = "app=other" }, CancellationToken.None)).Items;
            var state = pods.SingleOrDefault()?.Status?.ContainerStatuses?.SingleOrDefault()?.State;
            return state?.Waiting?.Reason == "ImagePullBackOff" ? pods[0] : null;
        });
        pod.Status!.Phase.ShouldBe("Pending");
        (await _client.GetAsync<V1Deployment>(_ns, "other", CancellationToken.None))!.Status?.AvailableReplicas.GetValueOrDefault().ShouldBe(0);
    }

    [Fact]
    public async Task A_serving_process_that_exits_is_restarted_with_a_growing_restart_count()
    {
        // A model file that does not exist: the server exits with code 1 at start, the agent restarts it with back-off.
        var deployment = ServingDeployment("crashing", "ghcr.io/model-rollouts/serving:0.1.0", replicas: 1);
        deployment.Spec.Template.Spec.Containers[0].Args[5] = "file:///nonexistent/model.onnx";
        await _client.CreateAsync(deployment, CancellationToken.None);
        var status = await Eventually(async () =>
        {
            var pods = (await _client.ListAsync<V1Pod>(_ns, new ListOptions { LabelSelector = "app=crashing" }, CancellationToken.None)).Items;
            var container = pods.SingleOrDefault()?.Status?.ContainerStatuses?.SingleOrDefault();
            return container is { RestartCount: >= 1 } ? container : null;
        });
        status.Ready.ShouldBeFalse();
        status.LastState.Terminated.ExitCode.ShouldNotBe(0);
    }

    [Fact]
    public async Task A_deleted_pod_leaves_the_targets_turns_not_ready_and_gets_its_grace_period_to_drain_and_exit_0()
    {
        // A drain longer than the 5 s the agent used to wait before SIGKILL, and a grace period that covers it.
        var deployment = ServingDeployment("draining", "ghcr.io/model-rollouts/serving:0.1.0", replicas: 1);
        deployment.Spec.Template.Spec.Containers[0].Args.Add("--drain-seconds");
        deployment.Spec.Template.Spec.Containers[0].Args.Add("6");
        deployment.Spec.Template.Spec.TerminationGracePeriodSeconds = 20;
        await _client.CreateAsync(deployment, CancellationToken.None);
        var pod = await Eventually(async () =>
        {
            var pods = (await _client.ListAsync<V1Pod>(_ns, new ListOptions { LabelSelector = "app=draining" }, CancellationToken.None)).Items;
            return pods.SingleOrDefault(p => RoutingTableBuilder.IsReady(p));
        });
        var ip = pod.Status!.PodIP!;
        await Eventually(async () => (await File.ReadAllTextAsync(_prometheus.TargetsFile)).Contains(ip, StringComparison.Ordinal) ? "listed" : null);

        await _client.DeleteAsync<V1Pod>(_ns, pod.Metadata.Name!, new V1DeleteOptions(), CancellationToken.None);

        // At once: out of the scrape targets, reported not Ready, the server not ready but still serving (draining).
        await Eventually(async () => (await File.ReadAllTextAsync(_prometheus.TargetsFile)).Contains(ip, StringComparison.Ordinal) ? null : "gone");
        var terminating = await Eventually(async () =>
        {
            var p = await _client.GetAsync<V1Pod>(_ns, pod.Metadata.Name!, CancellationToken.None);
            return p?.Metadata.DeletionTimestamp is not null && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "False") == true ? p : null;
        });
        terminating.Metadata.DeletionGracePeriodSeconds.ShouldBe(20);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        (await http.GetAsync(new Uri($"http://{ip}:8080/v2/health/ready"))).StatusCode.ShouldBe(System.Net.HttpStatusCode.ServiceUnavailable);
        using (var response = await http.PostAsync(
            new Uri($"http://{ip}:8080/v2/models/iris/infer"),
            new StringContent(InferRequestBody.ForRow([5.1f, 3.5f, 1.4f, 0.2f]), System.Text.Encoding.UTF8, "application/json")))
        {
            response.IsSuccessStatusCode.ShouldBeTrue("still serving while draining");
        }

        // After the drain the process exits 0 by itself (no SIGKILL) and only then is the pod removed.
        await Eventually(async () => await _client.GetAsync<V1Pod>(_ns, pod.Metadata.Name!, CancellationToken.None) is null ? "removed" : null);
        var exited = $"{_ns}/{pod.Metadata.Name}: serving process exited with code";
        var line = await Eventually(() => Task.FromResult(File.ReadLines(AgentLog).LastOrDefault(l => l.Contains(exited, StringComparison.Ordinal))));
        line.ShouldContain("exited with code 0 after SIGTERM");
    }

    [Fact]
    public async Task A_config_map_volume_holds_the_pod_until_it_exists_then_is_materialised_and_refreshed_without_a_restart()
    {
        // The server polls its API keys file: a key added to the ConfigMap is accepted by the running process, so
        // the test sees the materialised volume, the rewritten argument and the refresh through the real server.
        var deployment = ServingDeployment("keyed", "ghcr.io/model-rollouts/serving:0.1.0", replicas: 1);
        var spec = deployment.Spec.Template.Spec;
        spec.Volumes =
        [
            new V1Volume { Name = "keys", ConfigMap = new V1ConfigMapVolumeSource { Name = "keyed-keys", DefaultMode = Convert.ToInt32("444", 8) } },
            new V1Volume { Name = "shadow", ConfigMap = new V1ConfigMapVolumeSource { Name = "keyed-shadow", Optional = true } },
        ];
        spec.Containers[0].VolumeMounts =
        [
            new V1VolumeMount { Name = "keys", MountPath = "/etc/model-rollouts/keys", ReadOnlyProperty = true },
            new V1VolumeMount { Name = "shadow", MountPath = "/etc/model-rollouts/shadow", ReadOnlyProperty = true },
        ];
        spec.Containers[0].Args.Add("--api-keys-file");
        spec.Containers[0].Args.Add("/etc/model-rollouts/keys/keys.txt");
        await _client.CreateAsync(deployment, CancellationToken.None);

        var waiting = await Eventually(async () =>
        {
            var pods = (await _client.ListAsync<V1Pod>(_ns, new ListOptions { LabelSelector = "app=keyed" }, CancellationToken.None)).Items;
            return pods.SingleOrDefault()?.Status?.ContainerStatuses?.SingleOrDefault()?.State?.Waiting;
        });
        waiting.Reason.ShouldBe("ContainerCreating");
        waiting.Message.ShouldContain("\"keyed-keys\" not found");
        _agent.RunningProcesses.ShouldBe(0);

        var keys = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "keyed-keys", NamespaceProperty = _ns }, Data = new Dictionary<string, string> { ["keys.txt"] = "alpha\n" } };
        await _client.CreateAsync(keys, CancellationToken.None);
        var pod = await Eventually(async () =>
        {
            var pods = (await _client.ListAsync<V1Pod>(_ns, new ListOptions { LabelSelector = "app=keyed" }, CancellationToken.None)).Items;
            return pods.SingleOrDefault(p => RoutingTableBuilder.IsReady(p));
        });
        var volumes = Path.Combine(_state, "volumes", pod.Metadata.Uid!);
        Directory.EnumerateFileSystemEntries(Path.Combine(volumes, "shadow")).ShouldBeEmpty("an optional ConfigMap that does not exist is an empty directory");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var uri = new Uri($"http://{pod.Status!.PodIP}:8080/v2/models/iris/infer");
        (await InferAsync(http, uri, "alpha")).ShouldBe(System.Net.HttpStatusCode.OK);
        (await InferAsync(http, uri, "beta")).ShouldBe(System.Net.HttpStatusCode.Unauthorized);

        await _client.MergePatchAsync<V1ConfigMap>(_ns, "keyed-keys", new System.Text.Json.Nodes.JsonObject { ["data"] = new System.Text.Json.Nodes.JsonObject { ["keys.txt"] = "beta\n" } }, CancellationToken.None);
        await Eventually(async () => await InferAsync(http, uri, "beta") == System.Net.HttpStatusCode.OK ? "refreshed" : null);
        (await InferAsync(http, uri, "alpha")).ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        (await _client.GetAsync<V1Pod>(_ns, pod.Metadata.Name!, CancellationToken.None))!.Status!.ContainerStatuses.Single().RestartCount.ShouldBe(0);
    }

    [Fact]
    public async Task Serving_processes_reach_services_by_name_through_the_agents_proxy()
    {
        await _client.CreateAsync(ServingDeployment("proxied", "ghcr.io/model-rollouts/serving:0.1.0", replicas: 1), CancellationToken.None);
        await _client.CreateAsync(
            new V1Service
            {
                Metadata = new V1ObjectMeta { Name = "proxied-svc", NamespaceProperty = _ns },
                Spec = new V1ServiceSpec
                {
                    Selector = new Dictionary<string, string> { ["app"] = "proxied" },
                    Ports = [new V1ServicePort { Name = "http", Port = 9000, TargetPort = "http" }],
                },
            },
            CancellationToken.None);
        var pod = await Eventually(async () =>
        {
            var pods = (await _client.ListAsync<V1Pod>(_ns, new ListOptions { LabelSelector = "app=proxied" }, CancellationToken.None)).Items;
            return pods.SingleOrDefault(p => RoutingTableBuilder.IsReady(p));
        });

        // The serving process was started with the proxy in its environment.
        var started = $"{_ns}/{pod.Metadata.Name}: serving process started on";
        var line = await Eventually(() => Task.FromResult(File.ReadLines(AgentLog).LastOrDefault(l => l.Contains(started, StringComparison.Ordinal))));
        var pid = line[(line.LastIndexOf("(pid ", StringComparison.Ordinal) + 5)..].TrimEnd(')');
        var environment = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0');
        environment.ShouldContain($"HTTP_PROXY={_agent.ServiceProxyUrl}");
        environment.ShouldContain("NO_PROXY=localhost,127.0.0.1");

        using var http = new HttpClient(new HttpClientHandler { Proxy = new System.Net.WebProxy(_agent.ServiceProxyUrl), UseProxy = true }) { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var host in new[] { $"proxied-svc.{_ns}.svc", $"proxied-svc.{_ns}.svc.cluster.local" })
        {
            // The Service port 9000 maps to the container port named http (8080); the proxy sees the pod once Ready.
            await Eventually(async () =>
            {
                using var response = await http.PostAsync(
                    new Uri($"http://{host}:9000/v2/models/iris/infer"),
                    new StringContent(InferRequestBody.ForRow([5.1f, 3.5f, 1.4f, 0.2f]), System.Text.Encoding.UTF8, "application/json"));
                return response.IsSuccessStatusCode ? "answered" : null;
            });
        }

        using (var unknown = await http.GetAsync(new Uri($"http://nothing.{_ns}.svc:9000/v2/health/ready")))
        {
            unknown.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadGateway);
            (await unknown.Content.ReadAsStringAsync()).ShouldContain($"no Service {_ns}/nothing");
        }

        using (var outside = await http.GetAsync(new Uri("http://example.com/")))
        {
            outside.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadGateway, "only Service names are forwarded");
        }

        await _client.MergePatchAsync<V1Deployment>(_ns, "proxied", new System.Text.Json.Nodes.JsonObject { ["spec"] = new System.Text.Json.Nodes.JsonObject { ["replicas"] = 0 } }, CancellationToken.None);
        await Eventually(async () =>
        {
            using var response = await http.GetAsync(new Uri($"http://proxied-svc.{_ns}.svc:9000/v2/health/ready"));
            return response.StatusCode == System.Net.HttpStatusCode.BadGateway && (await response.Content.ReadAsStringAsync()).Contains("no Ready endpoint", StringComparison.Ordinal) ? "refused" : null;
        });
    }

    [Fact]
    public async Task The_traffic_generators_feedback_is_judged_by_a_real_serving_process_and_counted_in_its_metrics()
    {
        var deployment = ServingDeployment("judged", "ghcr.io/model-rollouts/serving:0.1.0", replicas: 1);
        deployment.Spec.Template.Spec.Containers[0].Args.Add("--model-revision");
        deployment.Spec.Template.Spec.Containers[0].Args.Add("rev-a");
        await _client.CreateAsync(deployment, CancellationToken.None);
        var pod = await Eventually(async () =>
        {
            var pods = (await _client.ListAsync<V1Pod>(_ns, new ListOptions { LabelSelector = "app=judged" }, CancellationToken.None)).Items;
            return pods.SingleOrDefault(p => RoutingTableBuilder.IsReady(p));
        });
        var endpoint = new Uri($"http://{pod.Status!.PodIP}:8080");
        var generator = new TrafficGenerator(
            new FixedRouting(new RoutingTable([new Backend("judged", 1, [new Endpoint(pod.Metadata.Name!, "1.0.0", endpoint)])], "test")),
            IrisRows.Load(RepositoryPaths.InRepo("samples/data/iris.csv")),
            new TrafficGeneratorOptions { RequestsPerSecond = 100, FeedbackShare = 0.5, FeedbackDelay = TimeSpan.FromMilliseconds(100) },
            TimeProvider.System);
        using (var stop = new CancellationTokenSource())
        {
            var run = generator.RunAsync(stop.Token);
            await Eventually(() => Task.FromResult(generator.Stats.FeedbackAnswered >= 100 ? "enough" : null));
            await stop.CancelAsync();
            await run;
        }

        // Stopping abandons the feedback still waiting for its delay (a post cut off in flight may still be counted
        // by the server, hence the range below).
        var outcomes = generator.Stats.FeedbackSnapshot();
        var abandoned = outcomes["sent"] - generator.Stats.FeedbackAnswered;
        outcomes.ContainsKey("failed").ShouldBeFalse();
        outcomes.ContainsKey("unmatched").ShouldBeFalse();

        // iris-v1 labels most of Fisher's rows right, not all of them; the pod counted exactly what it answered.
        var correct = outcomes["correct"];
        var incorrect = outcomes.GetValueOrDefault("incorrect");
        ((double)correct / (correct + incorrect)).ShouldBeInRange(0.8, 0.995);
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(endpoint, "/metrics"));
        (FeedbackCount(metrics, "correct") + FeedbackCount(metrics, "incorrect")).ShouldBeInRange(correct + incorrect, correct + incorrect + abandoned);
        FeedbackCount(metrics, "correct").ShouldBeInRange(correct, correct + abandoned);
    }

    private static long FeedbackCount(string metrics, string outcome) => metrics.Split('\n')
        .Where(l => l.StartsWith("model_feedback_total{", StringComparison.Ordinal) && l.Contains($"outcome=\"{outcome}\"", StringComparison.Ordinal) && l.Contains("prediction_revision=\"rev-a\"", StringComparison.Ordinal))
        .Sum(l => (long)double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private sealed class FixedRouting(RoutingTable table) : IRoutingSource
    {
        public Task<RoutingTable> ReadAsync(CancellationToken ct) => Task.FromResult(table);
    }

    private static async Task<System.Net.HttpStatusCode> InferAsync(HttpClient http, Uri uri, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(InferRequestBody.ForRow([5.1f, 3.5f, 1.4f, 0.2f]), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private V1Deployment ServingDeployment(string name, string image, int replicas)
    {
        var model = RepositoryPaths.InRepo("samples/models/iris-v1/model.onnx");
        return new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = _ns },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = new Dictionary<string, string> { ["app"] = name },
                        Annotations = new Dictionary<string, string> { ["prometheus.io/scrape"] = "true", ["prometheus.io/port"] = "8080", ["prometheus.io/path"] = "/metrics" },
                    },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "server",
                                Image = image,
                                Args = ["--model-name", "iris", "--model-version", "1.0.0", "--model-uri", $"file://{model}"],
                                Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080, Protocol = "TCP" }],
                                ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/v2/health/ready", Port = "http" }, PeriodSeconds = 1 },
                            },
                        ],
                    },
                },
            },
        };
    }

    private string AgentLog => Path.Combine(_state, "agent.log");

    private async Task<T> Eventually<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                var log = File.Exists(AgentLog) ? string.Join('\n', File.ReadLines(AgentLog).TakeLast(30)) : "";
                throw new TimeoutException($"condition not met within {Patience.TotalSeconds} s; node agent log:\n{log}");
            }

            await Task.Delay(250);
        }
    }
}
