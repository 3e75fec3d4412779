using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Security;

namespace Rollouts.Serving.Tests;

/// <summary>
/// <c>--api-keys-file</c> on the real server process: missing, wrong and right keys, health and metrics open, gRPC
/// requests refused as UNAUTHENTICATED, reload after an edit and after a Secret's symlink swap, a broken file keeping
/// the last good keys; the file at start and the poller under a fake clock.
/// </summary>
public sealed class AuthApiKeyTests : IDisposable
{
    private readonly AuthHelpers files = new();

    [Fact]
    public async Task Keys_are_required_for_model_endpoints_while_health_and_metrics_stay_open()
    {
        var path = Path.Combine(files.Folder, "keys");
        File.WriteAllText(path, "# team a\n\nalpha-key-0001\n   beta-key-0002  \n");
        await using var server = await AuthHelpers.StartAsync("--api-keys-file", path);
        using var anonymous = AuthHelpers.Client(server.Address);
        using var wrong = AuthHelpers.Client(server.Address, "gamma-key-0003");
        using var alpha = AuthHelpers.Client(server.Address, "alpha-key-0001");
        using var beta = AuthHelpers.Client(server.Address, "beta-key-0002");

        using (var response = await AuthHelpers.InferAsync(anonymous, "iris"))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
            JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>().ShouldStartWith("missing credentials");
        }

        (await AuthHelpers.StatusAsync(alpha, "iris")).ShouldBe(HttpStatusCode.OK, "the server keeps serving after a refusal");
        using (var response = await AuthHelpers.InferAsync(wrong, "iris"))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            var text = await response.Content.ReadAsStringAsync();
            JsonNode.Parse(text)!["error"]!.GetValue<string>().ShouldBe("invalid API key");
            text.ShouldNotContain("gamma");
        }

        (await AuthHelpers.StatusAsync(beta, "iris")).ShouldBe(HttpStatusCode.OK, "the trimmed second key");
        (await AuthHelpers.StatusAsync(AuthHelpers.Client(server.Address, "# team a"), "iris")).ShouldBe(HttpStatusCode.Unauthorized, "comments are not keys");
        (await anonymous.GetAsync("v2/models/iris")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await alpha.GetAsync("v2/models/iris")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("v2/models/iris/ready")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("v2/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("v2/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A gRPC call (Content-Type application/grpc) without a key: trailers-only UNAUTHENTICATED, before any endpoint.
        using (var grpc = new HttpRequestMessage(HttpMethod.Post, "inference.GRPCInferenceService/ModelInfer") { Content = new ByteArrayContent([0, 0, 0, 0, 0]) })
        {
            grpc.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
            using var response = await anonymous.SendAsync(grpc);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.GetValues("grpc-status").Single().ShouldBe("16");
            response.Headers.GetValues("grpc-message").Single().ShouldStartWith("missing credentials");
            (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        }

        var samples = PrometheusText.Parse(await anonymous.GetStringAsync("metrics"));
        samples.Single(s => s.Name == "model_inference_rejected_requests_total" && s.Labels["reason"] == "unauthenticated").Value.ShouldBe(6);
        server.LogPath.ShouldSatisfyAllConditions(p => File.ReadAllText(p).ShouldNotContain("alpha-key"), p => File.ReadAllText(p).ShouldNotContain("gamma-key"));
    }

    [Fact]
    public async Task An_edited_file_and_a_secret_symlink_swap_reload_and_a_broken_file_keeps_the_last_good_keys()
    {
        var path = files.WriteSecret("keys", "first-key-0001\n");
        await using var server = await AuthHelpers.StartAsync("--api-keys-file", path);
        using var first = AuthHelpers.Client(server.Address, "first-key-0001");
        using var second = AuthHelpers.Client(server.Address, "second-key-0002");
        using var third = AuthHelpers.Client(server.Address, "third-key-0003");
        (await AuthHelpers.StatusAsync(first, "iris")).ShouldBe(HttpStatusCode.OK);
        (await AuthHelpers.StatusAsync(second, "iris")).ShouldBe(HttpStatusCode.Unauthorized);

        // The kubelet's update: a new version folder, then ..data swapped to it in one rename.
        files.WriteSecret("keys", "second-key-0002\n");
        await AuthHelpers.WaitUntilAsync(async () => await AuthHelpers.StatusAsync(second, "iris") == HttpStatusCode.OK, "the swapped-in key is accepted");
        (await AuthHelpers.StatusAsync(first, "iris")).ShouldBe(HttpStatusCode.Unauthorized, "the swapped-out key is refused");

        // An edit in place of the file the links lead to.
        File.WriteAllText(Path.Combine(files.Folder, "..data", "keys"), "second-key-0002\nthird-key-0003\n");
        await AuthHelpers.WaitUntilAsync(async () => await AuthHelpers.StatusAsync(third, "iris") == HttpStatusCode.OK, "the added key is accepted");

        // Emptied (only a comment): logged, and the last good keys stay.
        files.WriteSecret("keys", "# rotated away\n");
        await AuthHelpers.WaitUntilAsync(() => Task.FromResult(File.ReadAllText(server.LogPath).Contains("keeping the last good content", StringComparison.Ordinal)), "the refusal is logged");
        (await AuthHelpers.StatusAsync(third, "iris")).ShouldBe(HttpStatusCode.OK);
        File.ReadAllText(server.LogPath).ShouldNotContain("third-key");
    }

    [Fact]
    public void A_missing_or_keyless_file_stops_the_start_with_a_message()
    {
        var errors = new StringWriter();
        var missing = Path.Combine(files.Folder, "absent");
        ServingHost.Build(AuthHelpers.BuildArgs("--api-keys-file", missing), errors).ShouldBeNull();
        errors.ToString().ShouldContain($"invalid option: --api-keys-file: cannot read '{missing}'");

        var empty = Path.Combine(files.Folder, "empty");
        File.WriteAllText(empty, "\n# nothing\n");
        errors = new StringWriter();
        ServingHost.Build(AuthHelpers.BuildArgs("--api-keys-file", empty), errors).ShouldBeNull();
        errors.ToString().ShouldContain("holds no key");
    }

    [Fact]
    public void The_poller_rereads_on_its_clock_and_keeps_the_last_good_keys()
    {
        var path = Path.Combine(files.Folder, "keys");
        File.WriteAllText(path, "one\n");
        var time = new FakeTimeProvider();
        using var keys = PolledFile<ApiKeySet>.Open(path, "--api-keys-file", ApiKeySet.Parse, time, NullLogger.Instance, out var error)!;
        error.ShouldBeNull();
        keys.Current.Matches("one", out var identity).ShouldBeTrue();
        identity.ShouldStartWith("key:");
        identity.ShouldNotContain("one");

        File.WriteAllText(path, "two\n");
        keys.Current.Matches("two", out _).ShouldBeFalse("not before the clock says so");
        time.Advance(PolledFile<ApiKeySet>.Interval);
        keys.Current.Matches("two", out _).ShouldBeTrue();
        keys.Current.Matches("one", out _).ShouldBeFalse();

        File.Delete(path);
        time.Advance(PolledFile<ApiKeySet>.Interval);
        keys.Current.Matches("two", out _).ShouldBeTrue("an unreadable file keeps the last good keys");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(""));
        keys.Poll().ShouldBeFalse();
        keys.Current.Count.ShouldBe(1);
    }

    public void Dispose() => files.Dispose();
}
