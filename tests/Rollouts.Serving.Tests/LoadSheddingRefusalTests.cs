using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Rollouts.Serving.Http;

namespace Rollouts.Serving.Tests;

/// <summary>
/// <see cref="Refusal"/>, the one writer of refusals: REST JSON with the mapped status, gRPC trailers-only (HTTP 200,
/// grpc-status, percent-encoded grpc-message, no body), Retry-After rounded up.
/// </summary>
public sealed class LoadSheddingRefusalTests
{
    [Theory]
    [InlineData(RefusalKind.Unauthenticated, 401, 16)]
    [InlineData(RefusalKind.RateLimited, 429, 8)]
    [InlineData(RefusalKind.QueueFull, 503, 14)]
    [InlineData(RefusalKind.NotReady, 503, 14)]
    [InlineData(RefusalKind.BadRequest, 400, 3)]
    [InlineData(RefusalKind.UnknownModel, 404, 5)]
    [InlineData(RefusalKind.Internal, 500, 13)]
    public async Task Each_kind_maps_to_its_http_status_for_rest_and_its_grpc_status_for_grpc(RefusalKind kind, int http, int grpc)
    {
        var rest = Context("application/json");
        (await Refusal.WriteAsync(rest, kind, "no way")).ShouldBe(http);
        rest.Response.StatusCode.ShouldBe(http);
        rest.Response.ContentType.ShouldBe("application/json");
        JsonNode.Parse(Body(rest))!["error"]!.GetValue<string>().ShouldBe("no way");
        rest.Response.Headers.ContainsKey("grpc-status").ShouldBeFalse();

        var call = Context("application/grpc+proto");
        (await Refusal.WriteAsync(call, kind, "no way")).ShouldBe(200);
        call.Response.StatusCode.ShouldBe(200);
        call.Response.ContentType.ShouldBe("application/grpc");
        call.Response.Headers["grpc-status"].ToString().ShouldBe(grpc.ToString(System.Globalization.CultureInfo.InvariantCulture));
        call.Response.Headers["grpc-message"].ToString().ShouldBe("no way");
        Body(call).ShouldBeEmpty("trailers-only: no message");
    }

    [Fact]
    public async Task Retry_after_is_whole_seconds_rounded_up_and_unauthenticated_asks_for_a_bearer_token()
    {
        var context = Context(null);
        await Refusal.WriteAsync(context, RefusalKind.QueueFull, "full", TimeSpan.FromMilliseconds(2100));
        context.Response.Headers.RetryAfter.ToString().ShouldBe("3");
        Refusal.RetryAfterSeconds(TimeSpan.Zero).ShouldBe(1);

        var grpc = Context("application/grpc");
        await Refusal.WriteAsync(grpc, RefusalKind.Unauthenticated, "missing credentials");
        grpc.Response.Headers.WWWAuthenticate.ToString().ShouldBe("Bearer");
        grpc.Response.Headers["grpc-status"].ToString().ShouldBe("16");
    }

    [Fact]
    public void Grpc_messages_are_percent_encoded()
    {
        Refusal.PercentEncode("100% über\n").ShouldBe("100%25 %C3%BCber%0A");
    }

    [Fact]
    public async Task Nothing_is_written_once_the_response_has_started()
    {
        var context = Context("application/grpc");
        var started = new StartedResponseFeature();
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>(started);
        await Refusal.WriteAsync(context, RefusalKind.Internal, "late");
        context.Response.Headers.ContainsKey("grpc-status").ShouldBeFalse();
    }

    private static DefaultHttpContext Context(string? contentType)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(HttpContext context) =>
        System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private sealed class StartedResponseFeature : Microsoft.AspNetCore.Http.Features.HttpResponseFeature
    {
        public override bool HasStarted => true;
    }
}
