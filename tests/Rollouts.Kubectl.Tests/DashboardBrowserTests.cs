using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Kubectl.Dashboard;
using Rollouts.Testing;
using static Microsoft.Playwright.Assertions;

namespace Rollouts.Kubectl.Tests;

/// <summary>
/// <c>kubectl mdep dashboard</c> in a real browser (Debian's chromium through Playwright) against the real API
/// server, with statuses written through the status subresource as the operator writes them. Screenshots go to
/// <c>$MDEP_DASHBOARD_SCREENSHOTS</c> (docs/images/ when refreshing the docs), else to a temporary folder.
/// </summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class DashboardBrowserTests(ControlPlaneFixture fixture, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly ControlPlane cp = fixture.ControlPlane;
    private KubeClient client = null!;
    private DashboardServer server = null!;
    private string ns = "";
    private readonly List<IBrowserContext> contexts = [];

    public async Task InitializeAsync()
    {
        await ClusterState.InstallCrdAsync(cp);
        ns = await cp.CreateNamespaceAsync("dash");
        client = cp.CreateAdminClient();
        server = await DashboardServer.StartAsync(client, ns, IPAddress.Loopback, 0, TimeProvider.System, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        // Pages first: an open page holds its event stream, and stopping the server waits for open requests (up to
        // the host's 30 s shutdown timeout) before it aborts them.
        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }

        await server.DisposeAsync();
        client.Dispose();
    }

    private async Task<IPage> OpenAsync(string hash = "", int width = 1280, int height = 800, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, ColorScheme = scheme });
        contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(server.Url, "/" + hash).ToString());
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        return page;
    }

    private async Task<ModelDeployment> ProgressingAsync(string name)
    {
        var md = await DashboardState.CreateAsync(cp, ns, name);
        return await ClusterState.SetStatusAsync(cp, md, DashboardState.Progressing(md.Metadata.Generation!.Value));
    }

    private static string Shots()
    {
        var dir = Environment.GetEnvironmentVariable("MDEP_DASHBOARD_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "mdep-dashboard-shots");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private string? Annotation(ModelDeployment md) =>
        client.GetAsync<ModelDeployment>(ns, md.Metadata.Name, CancellationToken.None).Result!.Metadata.Annotations.ValueOrDefault(ModelDeploymentAnnotations.Action);

    [Fact]
    public async Task The_list_shows_each_modeldeployment_and_a_status_change_appears_without_reload()
    {
        var iris = await ProgressingAsync("iris");
        await DashboardState.CreateAsync(cp, ns, "fresh");
        var fraud = await DashboardState.CreateAsync(cp, ns, "fraud");
        await ClusterState.SetStatusAsync(cp, fraud, new ModelDeploymentStatus { ObservedGeneration = fraud.Metadata.Generation, Phase = RolloutPhase.Healthy, StableVersion = "v7", StableRevision = "77aa01bb02", Message = "v7 serves all traffic" });
        var ranker = await DashboardState.CreateAsync(cp, ns, "ranker");
        await ClusterState.SetStatusAsync(cp, ranker, new ModelDeploymentStatus { ObservedGeneration = ranker.Metadata.Generation, Phase = RolloutPhase.Degraded, StableVersion = "v3", CanaryWeight = 0, Message = "rolled back v4: errorRate 0.31 > max 0.05" });
        var page = await OpenAsync();

        var row = page.Locator("#list tbody tr[data-name='iris']");
        await Expect(row.Locator(".phase")).ToHaveTextAsync("Progressing");
        await Expect(row.Locator(".step")).ToHaveTextAsync("2/5");
        await Expect(row.Locator(".weight-cell")).ToHaveTextAsync("20%");
        (await row.Locator(".weight-bar").EvaluateAsync<double>("b => b.firstElementChild.getBoundingClientRect().width / b.getBoundingClientRect().width")).ShouldBe(0.2, 0.01);
        await Expect(page.Locator("#list tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#list tbody tr[data-name='ranker'] .phase")).ToHaveTextAsync("Degraded");
        await Expect(page.Locator("#list tbody tr[data-name='ranker'] .phase-cell")).ToHaveAttributeAsync("title", "rolled back v4: errorRate 0.31 > max 0.05");
        await Expect(row.Locator(".stable")).ToHaveTextAsync("v1");
        await Expect(row.Locator(".canary")).ToHaveTextAsync("v2");
        await Expect(row.Locator(".check").Nth(1)).ToHaveTextAsync("errorRate0.072 > 0.05Failed");
        await Expect(page.Locator("#list tbody tr[data-name='fresh'] .phase")).ToHaveTextAsync("no status");
        await Expect(page.Locator("#scope")).ToHaveTextAsync($"namespace {ns}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots(), "dashboard-list.png") });

        await ClusterState.SetStatusAsync(cp, iris, DashboardState.Progressing(iris.Metadata.Generation!.Value) with
        {
            Phase = RolloutPhase.Paused, CanaryWeight = 50, CurrentStepIndex = 3, Message = "step 4/5: paused until promoted", Analysis = null,
        });

        await Expect(row.Locator(".phase")).ToHaveTextAsync("Paused");
        await Expect(row.Locator(".step")).ToHaveTextAsync("4/5");
        await Expect(row.Locator(".weight-cell")).ToHaveTextAsync("50%");
    }

    [Fact]
    public async Task The_detail_shows_steps_checks_with_a_chart_of_the_measurements_conditions_history_and_live_events()
    {
        var iris = await ProgressingAsync("iris");
        await DashboardState.EventAsync(cp, iris, "iris.started", "RolloutStarted", "rollout of v2 (revision 8a9b0c3d4e) started");
        var page = await OpenAsync();
        await page.Locator("#list tbody tr[data-name='iris'] a").ClickAsync();

        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("iris");
        await Expect(page.Locator("#steps li")).ToHaveTextAsync(["set weight 20%", "analysis", "set weight 50%", "pause until promoted", "set weight 100%"]);
        await Expect(page.Locator("#steps li.current")).ToHaveTextAsync("analysis");
        await Expect(page.Locator("#steps li.done")).ToHaveCountAsync(1);

        var errorRate = page.Locator(".card[data-check='errorRate']");
        await Expect(errorRate.Locator("h3")).ToContainTextAsync("max 0.05 share");
        var points = errorRate.Locator("circle.point");
        await Expect(points).ToHaveCountAsync(DashboardState.ErrorRates.Length);
        var values = await points.EvaluateAllAsync<double[]>("els => els.map(e => Number(e.dataset.value))");
        values.ShouldBe(DashboardState.ErrorRates);
        (await points.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.verdict)")).ShouldBe(["Successful", "Successful", "Successful", "Failed"]);
        var threshold = errorRate.Locator("line.threshold");
        (await threshold.GetAttributeAsync("data-threshold")).ShouldBe("0.05");
        // Drawn against the threshold: the failed point lies above the dashed line, the others below (SVG y grows downwards).
        var ys = await points.EvaluateAllAsync<double[]>("els => els.map(e => Number(e.getAttribute('cy')))");
        var lineY = double.Parse((await threshold.GetAttributeAsync("y1"))!, CultureInfo.InvariantCulture);
        ys[3].ShouldBeLessThan(lineY);
        ys[..3].ShouldAllBe(y => y > lineY);
        // latency's first round had no value: a marker, not a point at 0.
        await Expect(page.Locator(".card[data-check='latency'] circle.point")).ToHaveCountAsync(3);
        await Expect(page.Locator(".card[data-check='latency'] path.novalue")).ToHaveCountAsync(1);

        await Expect(page.Locator("#conditions tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#conditions tbody tr").Nth(1)).ToContainTextAsync("RolloutProgressing");
        await Expect(page.Locator("#history tbody tr")).ToContainTextAsync("Completed");
        await Expect(page.Locator("#events tbody tr")).ToContainTextAsync("RolloutStarted");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots(), "dashboard-detail.png"), FullPage = true });

        await DashboardState.EventAsync(cp, iris, "iris.failed", "AnalysisFailed", "errorRate 0.072 > max 0.05", "Warning");
        await Expect(page.Locator("#events tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#events tbody tr").Nth(1)).ToContainTextAsync("AnalysisFailed");
    }

    [Fact]
    public async Task An_action_is_applied_only_after_confirmation()
    {
        var iris = await ProgressingAsync("iris");
        var page = await OpenAsync($"#/{ns}/iris");
        await Expect(page.Locator("#detail-phase")).ToHaveTextAsync("Progressing");

        // Cancel with the mouse: nothing is written.
        await page.GetByRole(AriaRole.Button, new() { Name = "Abort" }).ClickAsync();
        var dialog = page.Locator("#confirm");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync($"{ns}/iris");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots(), "dashboard-confirm.png") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.Locator("#action-result")).ToHaveTextAsync("abort cancelled.");
        Annotation(iris).ShouldBeNull();

        // Keyboard only: Enter opens the dialog, focus starts on Cancel, Escape closes it: nothing is written.
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.Locator("#action-result")).ToHaveTextAsync("pause cancelled.");
        Annotation(iris).ShouldBeNull();

        // Confirm: the annotation is on the real object, and the page says so.
        await page.GetByRole(AriaRole.Button, new() { Name = "Promote", Exact = true }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Promote" }).ClickAsync();
        await Expect(page.Locator("#action-result")).ToHaveTextAsync("modeldeployment.ml.rollouts.dev/iris promote requested");
        Annotation(iris).ShouldBe("promote");
        await Expect(page.Locator("#detail-body")).ToContainTextAsync("Pending action");
    }

    [Fact]
    public async Task An_API_refusal_is_shown_on_the_page()
    {
        var iris = await ProgressingAsync("iris");
        var page = await OpenAsync($"#/{ns}/iris");
        await Expect(page.Locator("#detail-phase")).ToHaveTextAsync("Progressing");
        await client.DeleteAsync<ModelDeployment>(ns, iris.Metadata.Name, null, CancellationToken.None);
        await Expect(page.Locator("#detail-message")).ToContainTextAsync("does not exist");

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await page.Locator("#confirm").GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();

        await Expect(page.Locator("#action-result")).ToHaveTextAsync($"resume failed: modeldeployment \"iris\" not found in namespace {ns}");
    }

    [Fact]
    public async Task A_cross_origin_request_from_another_page_is_refused()
    {
        var iris = await ProgressingAsync("iris");
        var page = await OpenAsync();
        var url = new Uri(server.Url, $"/api/modeldeployments/{ns}/iris/actions/abort").ToString();

        // Another site's page, served from another loopback origin (another port: the browser lets it reach
        // 127.0.0.1): a no-CORS POST, which a page may send but not read, and a CORS one with a guessed token, which
        // needs a preflight that the dashboard does not answer.
        await using var elsewhere = await OtherSiteAsync();
        await page.GotoAsync(elsewhere.Urls.First() + "/");
        await Expect(page).ToHaveTitleAsync("elsewhere");
        var outcome = await page.EvaluateAsync<string>(
            "async (url) => { const a = await fetch(url, { method: 'POST', mode: 'no-cors', body: 'x' }).then(r => r.type, e => 'blocked');" +
            " const b = await fetch(url, { method: 'POST', headers: { 'X-Mdep-Token': 'guess' } }).then(r => String(r.status), e => 'blocked'); return a + ',' + b; }", url);
        outcome.ShouldBe("opaque,blocked"); // the first was sent (and refused by the dashboard), the second not sent
        Annotation(iris).ShouldBeNull();
    }

    [Fact]
    public async Task Dark_mode_and_a_narrow_window_are_readable()
    {
        await ProgressingAsync("iris");
        var page = await OpenAsync(scheme: ColorScheme.Dark);
        await Expect(page.Locator("#list tbody tr[data-name='iris'] .phase")).ToHaveTextAsync("Progressing");
        var (background, text) = await Colours(page, "body");
        Luminance(background).ShouldBeLessThan(0.1);
        Contrast(background, text).ShouldBeGreaterThan(7);
        var (badgeBg, badgeFg) = await Colours(page, "#list tbody tr[data-name='iris'] .phase");
        Contrast(badgeBg, badgeFg).ShouldBeGreaterThan(4.5);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots(), "dashboard-list-dark.png") });
        await page.GotoAsync(new Uri(server.Url, $"/#/{ns}/iris").ToString());
        await Expect(page.Locator(".card[data-check='errorRate'] circle.point")).ToHaveCountAsync(4);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots(), "dashboard-detail-dark.png") });

        var narrow = await OpenAsync($"#/{ns}/iris", width: 390, height: 800);
        await Expect(narrow.Locator(".card[data-check='errorRate'] circle.point")).ToHaveCountAsync(4);
        // Nothing but the tables' own scroll areas is wider than the window.
        (await narrow.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await narrow.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots(), "dashboard-narrow.png"), FullPage = true });
    }

    private static async Task<WebApplication> OtherSiteAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/", () => Results.Content("<!doctype html><title>elsewhere</title><p>another site</p>", "text/html"));
        await app.StartAsync();
        return app;
    }

    private static async Task<(double[] Background, double[] Text)> Colours(IPage page, string selector)
    {
        var c = await page.Locator(selector).First.EvaluateAsync<string[]>("e => { const s = getComputedStyle(e); return [s.backgroundColor, s.color]; }");
        return (Rgb(c[0]), Rgb(c[1]));
    }

    private static double[] Rgb(string css) =>
        [.. css[(css.IndexOf('(') + 1)..css.IndexOf(')')].Split(',').Take(3).Select(p => double.Parse(p.Trim(), CultureInfo.InvariantCulture))];

    private static double Luminance(double[] rgb)
    {
        double Channel(double c) => (c /= 255) <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        return 0.2126 * Channel(rgb[0]) + 0.7152 * Channel(rgb[1]) + 0.0722 * Channel(rgb[2]);
    }

    private static double Contrast(double[] a, double[] b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }
}
