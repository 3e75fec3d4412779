using Rollouts.Kubectl.Cli;
using Rollouts.Testing;

namespace Rollouts.Kubectl.Tests;

/// <summary>
/// kubectl-mdep with the kubeconfigs managed clusters hand out, on the real API server: an exec credential plugin
/// (how EKS, GKE and AKS kubeconfigs authenticate) and a <c>KUBECONFIG</c> list of two files (credentials in one,
/// contexts in the other), with <c>--context</c>. The collection runs its classes one at a time, so setting
/// <c>KUBECONFIG</c> here (<see cref="KubeconfigVariable"/>) is safe.
/// </summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class KubeconfigTests(ControlPlaneFixture fixture) : IAsyncLifetime
{
    private readonly ControlPlane cp = fixture.ControlPlane;
    private readonly string dir = Directory.CreateTempSubdirectory("mdep-kubeconfig-").FullName;
    private string ns = "";

    public async Task InitializeAsync()
    {
        await ClusterState.InstallCrdAsync(cp);
        ns = await cp.CreateNamespaceAsync("mdep-cfg");
        var md = await ClusterState.CreateAsync(cp, ns, "iris");
        await ClusterState.SetStatusAsync(cp, md, ClusterState.Progressing(md.Metadata.Generation!.Value));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(dir, recursive: true);
        return Task.CompletedTask;
    }

    private static string[] Row(string output, string name) =>
        output.Split('\n').Single(l => l.TrimStart().StartsWith(name + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Get_works_with_an_exec_plugin_kubeconfig()
    {
        var (kubeconfig, log) = cp.WriteExecPlugin(dir, ns);

        var run = await MdepRun.RunAsync("--kubeconfig", kubeconfig, "get"); // the namespace comes from the context

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.Error);
        Row(run.Output, "iris")[..7].ShouldBe(["iris", "iris", "v1", "v2", "20%", "1", "Progressing"]);
        ControlPlaneKubeconfigs.Runs(log).ShouldBeGreaterThanOrEqualTo(1); // the plugin supplied the credential
    }

    [Fact]
    public async Task A_failing_exec_plugin_is_a_clear_error()
    {
        var (kubeconfig, _) = cp.WriteExecPlugin(dir, ns);
        await File.WriteAllTextAsync(Path.Combine(dir, "get-token.sh"), "#!/bin/sh\necho 'no credentials for you' >&2\nexit 3\n");

        var run = await MdepRun.RunAsync("--kubeconfig", kubeconfig, "get");

        run.ExitCode.ShouldBe(ExitCodes.Error);
        run.Error.ShouldStartWith("error: external exec failed");
        run.Error.Trim().Split('\n').Length.ShouldBe(1, run.Error); // one line, no stack trace
    }

    [Fact]
    public async Task Get_and_status_work_with_a_two_file_KUBECONFIG_and_a_context_flag()
    {
        var (credentials, contexts) = cp.WriteSplit(dir, ns);
        using var env = KubeconfigVariable.Set(contexts, credentials);

        var get = await MdepRun.RunAsync("get"); // current context from one file, cluster and user from the other
        get.ExitCode.ShouldBe(ExitCodes.Ok, get.Error);
        Row(get.Output, "iris")[..7].ShouldBe(["iris", "iris", "v1", "v2", "20%", "1", "Progressing"]);

        var status = await MdepRun.RunAsync("status", "iris");
        status.ExitCode.ShouldBe(ExitCodes.Ok, status.Error);
        status.Output.ShouldContain($"iris (namespace {ns})");

        // --context switches to the other context of the list (namespace kube-system): no iris there.
        var elsewhere = await MdepRun.RunAsync("--context", "elsewhere", "get", "iris");
        elsewhere.ExitCode.ShouldBe(ExitCodes.Error);
        elsewhere.Error.ShouldContain("not found in namespace kube-system");

        (await MdepRun.RunAsync("--context", "elsewhere", "-n", ns, "get", "iris")).ExitCode.ShouldBe(ExitCodes.Ok);

        var unknown = await MdepRun.RunAsync("--context", "nope", "get");
        unknown.ExitCode.ShouldBe(ExitCodes.Error);
        unknown.Error.ShouldContain("nope");
    }
}
