using System.Net;
using System.Net.Http.Json;
using Rollouts.Api;
using Rollouts.Kube;
using Rollouts.Kubectl.Dashboard;
using Rollouts.Testing;

namespace Rollouts.Kubectl.Tests;

/// <summary>
/// The dashboard's HTTP surface against the real API server: the guard against other sites (Host, Origin, token,
/// POST only), the action endpoint's answers, and the command's own start (URL printed, clear error when the
/// address is taken).
/// </summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class DashboardServerTests(ControlPlaneFixture fixture) : IAsyncLifetime
{
    private readonly ControlPlane cp = fixture.ControlPlane;
    private readonly HttpClient http = new();
    private KubeClient client = null!;
    private DashboardServer server = null!;
    private string ns = "";

    public async Task InitializeAsync()
    {
        await ClusterState.InstallCrdAsync(cp);
        ns = await cp.CreateNamespaceAsync("dash-http");
        client = cp.CreateAdminClient();
        server = await DashboardServer.StartAsync(client, ns, IPAddress.Loopback, 0, TimeProvider.System, CancellationToken.None);
        await DashboardState.CreateAsync(cp, ns, "iris");
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        client.Dispose();
        http.Dispose();
    }

    private string Origin => $"http://{server.Url.Authority}";

    private HttpRequestMessage Post(string action, string? origin, string? token, string? host = null, string name = "iris")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Url, $"/api/modeldeployments/{ns}/{name}/actions/{action}")) { Content = JsonContent.Create(new { }) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (token is not null)
        {
            request.Headers.Add(RequestGuard.TokenHeader, token);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return request;
    }

    private async Task<(HttpStatusCode Code, ActionResultView? Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<ActionResultView>());
    }

    private async Task<string?> AnnotationAsync() =>
        (await client.GetAsync<ModelDeployment>(ns, "iris", CancellationToken.None))!.Metadata.Annotations.ValueOrDefault(ModelDeploymentAnnotations.Action);

    [Fact]
    public async Task The_page_carries_the_per_run_token_and_forbids_framing()
    {
        using var response = await http.GetAsync(server.Url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain($"<meta name=\"mdep-token\" content=\"{server.Token}\">");
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
    }

    [Fact]
    public async Task An_action_from_the_page_sets_the_annotation()
    {
        var (code, body) = await SendAsync(Post("retry", Origin, server.Token));
        code.ShouldBe(HttpStatusCode.OK, body?.Error);
        body!.Message.ShouldBe("modeldeployment.ml.rollouts.dev/iris retry requested");
        (await AnnotationAsync()).ShouldBe("retry");
    }

    [Theory]
    [InlineData("http://evil.example", true, "cross-origin request refused")]
    [InlineData(null, true, "cross-origin request refused")]
    [InlineData("self", false, "missing or wrong dashboard token")]
    public async Task An_action_from_elsewhere_is_refused(string? origin, bool withToken, string error)
    {
        var (code, body) = await SendAsync(Post("abort", origin == "self" ? Origin : origin, withToken ? server.Token : null));
        code.ShouldBe(HttpStatusCode.Forbidden);
        body!.Error!.ShouldStartWith(error);
        (await AnnotationAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task A_wrong_token_and_a_cross_site_fetch_are_refused()
    {
        (await SendAsync(Post("abort", Origin, "0123456789abcdef0123456789abcdef"))).Code.ShouldBe(HttpStatusCode.Forbidden);
        var request = Post("abort", Origin, server.Token);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        (await SendAsync(request)).Code.ShouldBe(HttpStatusCode.Forbidden);
        (await AnnotationAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task A_foreign_Host_name_is_refused_even_with_a_matching_Origin()
    {
        // DNS rebinding: evil.example resolves to 127.0.0.1, so its page is "same-origin" with itself.
        var host = $"evil.example:{server.Url.Port}";
        using (var refused = await http.SendAsync(Post("abort", $"http://{host}", server.Token, host)))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await refused.Content.ReadAsStringAsync()).ShouldStartWith($"unexpected Host '{host}'");
        }

        using var page = new HttpRequestMessage(HttpMethod.Get, server.Url);
        page.Headers.Host = host;
        using var response = await http.SendAsync(page);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain(server.Token);
        (await AnnotationAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Actions_are_POST_only()
    {
        using var response = await http.GetAsync(new Uri(server.Url, $"/api/modeldeployments/{ns}/iris/actions/abort"));
        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await AnnotationAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Unknown_actions_missing_objects_and_other_namespaces_are_clear_errors()
    {
        var (code, body) = await SendAsync(Post("rollback", Origin, server.Token));
        code.ShouldBe(HttpStatusCode.BadRequest);
        body!.Error.ShouldBe("unknown action 'rollback' (one of promote, promote-full, abort, retry, pause, resume)");

        (code, body) = await SendAsync(Post("abort", Origin, server.Token, name: "nope"));
        code.ShouldBe(HttpStatusCode.NotFound);
        body!.Error.ShouldBe($"modeldeployment \"nope\" not found in namespace {ns}");

        var other = await cp.CreateNamespaceAsync("dash-other");
        await DashboardState.CreateAsync(cp, other, "iris");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Url, $"/api/modeldeployments/{other}/iris/actions/abort")) { Content = JsonContent.Create(new { }) };
        request.Headers.Add("Origin", Origin);
        request.Headers.Add(RequestGuard.TokenHeader, server.Token);
        (await SendAsync(request)).Code.ShouldBe(HttpStatusCode.NotFound); // the dashboard shows only its namespace
        (await client.GetAsync<ModelDeployment>(other, "iris", CancellationToken.None))!.Metadata.Annotations.ValueOrDefault(ModelDeploymentAnnotations.Action).ShouldBeNull();
    }

    [Fact]
    public async Task The_list_stream_starts_with_the_whole_list()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var response = await http.GetAsync(new Uri(server.Url, "/api/stream"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        (await reader.ReadLineAsync(cts.Token)).ShouldBe("event: list");
        var data = await reader.ReadLineAsync(cts.Token);
        data.ShouldStartWith("data: {");
        data.ShouldContain("\"name\":\"iris\"");
    }

    [Fact]
    public async Task The_command_serves_at_the_URL_it_prints_until_Ctrl_C()
    {
        var output = new StringWriter();
        using var ctrlC = new CancellationTokenSource();
        var running = MdepRun.RunAsync(output, ctrlC.Token, "--kubeconfig", cp.KubeconfigPath, "-n", ns, "dashboard", "--port", "0");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!output.ToString().Contains("(Ctrl-C to stop)", StringComparison.Ordinal) && !running.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var line = output.ToString().Trim();
        line.ShouldStartWith($"Dashboard of namespace {ns} at http://127.0.0.1:");
        var url = line.Split(' ').Single(w => w.StartsWith("http://", StringComparison.Ordinal));
        (await http.GetStringAsync(url)).ShouldContain("Model Rollouts");

        await ctrlC.CancelAsync();
        var run = await running;
        run.ExitCode.ShouldBe(Cli.ExitCodes.Ok, run.Error);
        await Should.ThrowAsync<HttpRequestException>(() => http.GetStringAsync(url));
    }

    [Fact]
    public async Task A_taken_port_and_a_bad_address_are_clear_errors()
    {
        var taken = server.Url.Port;
        var run = await MdepRun.RunAsync("--kubeconfig", cp.KubeconfigPath, "-n", ns, "dashboard", "--port", $"{taken}");
        run.ExitCode.ShouldBe(Cli.ExitCodes.Error);
        run.Error.ShouldStartWith($"error: cannot listen on 127.0.0.1:{taken}:");

        var bad = await MdepRun.RunAsync("--kubeconfig", cp.KubeconfigPath, "dashboard", "--address", "my-laptop");
        bad.ExitCode.ShouldBe(Cli.ExitCodes.Usage);
        bad.Error.ShouldContain("--address 'my-laptop' is not an IP address");
    }
}
