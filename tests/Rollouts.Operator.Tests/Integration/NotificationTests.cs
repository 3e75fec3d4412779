using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rollouts.Api.Status;
using Rollouts.Notifications;
using Rollouts.Operator.Planning;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>
/// `--notify-webhook-url` end to end: the operator on the real API server, the library's real WebhookNotifier, and a
/// real HTTP receiver (HttpListener on 127.0.0.1). Each transition is posted after its status write, with the versions,
/// weight and phase that status holds.
/// </summary>
[Collection(RolloutCluster.Collection)]
public sealed class NotificationTests(RolloutCluster cluster)
{
    [Fact]
    public async Task Every_transition_of_a_rollout_is_posted_to_the_webhook_with_what_status_says()
    {
        using var receiver = new Receiver();
        var parsed = NotificationCommandLine.Parse([new("--notify-webhook-url", receiver.Url)]);
        parsed.Errors.ShouldBeEmpty();
        var services = new ServiceCollection().AddLogging().AddRolloutNotifications(parsed.Options!);
        await using var sp = services.BuildServiceProvider();
        foreach (var hosted in sp.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        await using var s = await RolloutScenario.StartAsync(cluster, "notify", withOperator: false);
        s.StartOperator(notifier: sp.GetRequiredService<IRolloutNotifier>());
        await s.ApplyAsync("iris", Canary("1.0.0", Weight(50), Pause()) with { ProgressDeadlineSeconds = 60 });
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "first deploy healthy");
        await s.ApplyAsync("iris", Canary("2.0.0", Weight(50), Pause()) with { ProgressDeadlineSeconds = 60 });
        var paused = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CanaryWeight == 50, "canary paused at 50");

        var weightSet = await receiver.WaitForAsync(RolloutReasons.WeightSet);
        weightSet["modelDeployment"]!["namespace"]!.GetValue<string>().ShouldBe(s.Namespace);
        weightSet["modelDeployment"]!["name"]!.GetValue<string>().ShouldBe("iris");
        weightSet["stable"]!["version"]!.GetValue<string>().ShouldBe("1.0.0");
        weightSet["canary"]!["version"]!.GetValue<string>().ShouldBe("2.0.0");
        weightSet["canary"]!["revision"]!.GetValue<string>().ShouldBe(paused.CanaryRevision);
        weightSet["canaryWeight"]!.GetValue<int>().ShouldBe(50);
        weightSet["type"]!.GetValue<string>().ShouldBe("Normal");
        receiver.Reasons.ShouldContain(RolloutReasons.RolloutStarted);
        receiver.Reasons.ShouldContain(RolloutReasons.RolloutCompleted);

        await s.ActAsync("iris", "abort");
        var rolledBack = await receiver.WaitForAsync(RolloutReasons.RolledBack);
        rolledBack["type"]!.GetValue<string>().ShouldBe("Warning");
        rolledBack["canaryWeight"]!.GetValue<int>().ShouldBe(0, "posted after traffic was back on stable");

        foreach (var hosted in sp.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A real HTTP receiver on a free loopback port that keeps every JSON body posted to it.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly ConcurrentQueue<JsonNode> bodies = new();
        private readonly Task loop;

        public Receiver()
        {
            var port = Testing.ServingProcess.FreePort();
            Url = $"http://127.0.0.1:{port}/hooks/rollouts";
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public IReadOnlyList<string> Reasons => [.. bodies.Select(b => b["reason"]?.GetValue<string>() ?? "")];

        public async Task<JsonNode> WaitForAsync(string reason)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var found = bodies.FirstOrDefault(b => b["reason"]?.GetValue<string>() == reason);
                if (found is not null)
                {
                    return found;
                }

                DateTime.UtcNow.ShouldBeLessThan(deadline, $"no {reason} notification; received: {string.Join(", ", Reasons)}");
                await Task.Delay(100);
            }
        }

        public void Dispose()
        {
            listener.Stop();
            listener.Close();
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    if (JsonNode.Parse(await reader.ReadToEndAsync()) is { } body)
                    {
                        bodies.Enqueue(body);
                    }
                }

                context.Response.StatusCode = 204;
                context.Response.Close();
            }
        }
    }
}
