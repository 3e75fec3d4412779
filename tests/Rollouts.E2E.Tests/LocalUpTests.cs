using System.Diagnostics;
using System.Text.RegularExpressions;
using Rollouts.Testing;

namespace Rollouts.E2E.Tests;

/// <summary>
/// `make up` / `make down` as a person uses them (dev/up.sh and dev/down.sh in a folder of their own, kubectl with the
/// kubeconfig it writes): up returns once ready and prints the next steps; a ModelDeployment applied from the sample it
/// writes becomes Healthy and receives traffic; up again says it is already running; down leaves no process running.
/// </summary>
public sealed partial class LocalUpTests : IDisposable
{
    private static readonly string Config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"rollouts-up-{Environment.ProcessId}");

    [Fact]
    public async Task Up_runs_what_a_person_applies_with_traffic_and_down_leaves_nothing_running()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = cts.Token;
        try
        {
            var up = await ScriptAsync("dev/up.sh", ct);
            up.ExitCode.ShouldBe(0, up.Output);
            up.Output.ShouldContain("next:");
            var kubeconfig = Path.Combine(_dir, "kubeconfig");
            File.ReadAllText(kubeconfig).ShouldContain("namespace: rollouts-demo");
            var sample = File.ReadAllText(Path.Combine(_dir, "iris.yaml"));
            sample.ShouldContain($"file://{RepositoryPaths.Root}/samples/models/iris-v1/model.onnx");

            (await KubectlAsync(kubeconfig, ct, "apply", "-f", Path.Combine(_dir, "iris.yaml"))).ShouldContain("created");
            (await KubectlAsync(kubeconfig, ct, "get", "gateway", "demo-gateway", "-o", "name")).Trim().ShouldEndWith("/demo-gateway");
            await EventuallyAsync(async () => (await KubectlAsync(kubeconfig, ct, "get", "mdep", "iris", "-o", "jsonpath={.status.phase}")) == "Healthy", ct);
            await EventuallyAsync(() => Task.FromResult(AnsweredRequests(File.ReadAllText(Path.Combine(_dir, "up.log"))) > 0), ct);

            // make up sends feedback: the pods judge the true species posted with the answers' prediction ids.
            await EventuallyAsync(() => Task.FromResult(CorrectFeedback(File.ReadAllText(Path.Combine(_dir, "up.log"))) > 0), ct);

            var again = await ScriptAsync("dev/up.sh", ct);
            again.ExitCode.ShouldBe(0, again.Output);
            again.Output.ShouldContain("already running");
        }
        finally
        {
            var supervised = Pids(Path.Combine(_dir, "up.pid"), Path.Combine(_dir, "up", "pids"), Path.Combine(_dir, "up", "cluster", "pids"));
            var down = await ScriptAsync("dev/down.sh", CancellationToken.None);
            down.ExitCode.ShouldBe(0, down.Output);
            supervised.ShouldNotBeEmpty();
            await EventuallyAsync(() => Task.FromResult(supervised.All(p => !Alive(p))), CancellationToken.None);
            File.Exists(Path.Combine(_dir, "kubeconfig")).ShouldBeFalse();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static long AnsweredRequests(string log) =>
        AnsweredLine().Matches(log).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    private static long CorrectFeedback(string log) =>
        FeedbackLine().Matches(log).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    [GeneratedRegex(@"feedback: (\d+) correct / \d+ incorrect / 0 unmatched / 0 failed")]
    private static partial Regex FeedbackLine();

    [GeneratedRegex(@"traffic to iris: 1\.0\.0: (\d+) ok")]
    private static partial Regex AnsweredLine();

    private static List<int> Pids(params string[] files) =>
    [
        .. files.Where(File.Exists)
            .SelectMany(File.ReadAllLines)
            .Select(l => int.TryParse(l.Trim(), out var p) ? p : 0)
            .Where(p => p > 0),
    ];

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition did not hold within 3 minutes");
            await Task.Delay(500, ct);
        }
    }

    private async Task<(int ExitCode, string Output)> ScriptAsync(string script, CancellationToken ct)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add(RepositoryPaths.InRepo(script));
        start.Environment["UP_DIR"] = _dir;
        start.Environment["UP_SKIP_SETUP"] = "1";
        start.Environment["CONFIG"] = Config;
        start.Environment["RATE"] = "20";
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return (p.ExitCode, await stdout + await stderr);
    }

    private static async Task<string> KubectlAsync(string kubeconfig, CancellationToken ct, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("KUBECTL") ?? "kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return p.ExitCode == 0 ? await stdout : $"kubectl failed ({p.ExitCode}): {await stderr}";
    }
}
