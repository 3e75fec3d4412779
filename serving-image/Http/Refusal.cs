using System.Globalization;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Rollouts.Serving.Inference;

namespace Rollouts.Serving.Http;

/// <summary>Why a request is refused; each kind has one HTTP status and one gRPC status (see <see cref="Refusal"/>).</summary>
public enum RefusalKind
{
    /// <summary>No or a wrong credential: HTTP 401, gRPC UNAUTHENTICATED (16).</summary>
    Unauthenticated,

    /// <summary>The client is over its rate limit: HTTP 429, gRPC RESOURCE_EXHAUSTED (8).</summary>
    RateLimited,

    /// <summary>The queue for the model is full (load shedding): HTTP 503, gRPC UNAVAILABLE (14).</summary>
    QueueFull,

    /// <summary>The model is not loaded yet, or the server is stopping: HTTP 503, gRPC UNAVAILABLE (14).</summary>
    NotReady,

    /// <summary>A malformed or invalid request: HTTP 400, gRPC INVALID_ARGUMENT (3).</summary>
    BadRequest,

    /// <summary>Another model or version than the one served: HTTP 404, gRPC NOT_FOUND (5).</summary>
    UnknownModel,

    /// <summary>A failure inside the server or ONNX Runtime: HTTP 500, gRPC INTERNAL (13).</summary>
    Internal,

    /// <summary>Well-formed feedback whose prediction id cannot be attributed to a prediction: HTTP 422, gRPC FAILED_PRECONDITION (9).</summary>
    Unattributable,

    /// <summary>Feedback for a prediction this pod has already counted: HTTP 409, gRPC ALREADY_EXISTS (6).</summary>
    AlreadyCounted,
}

/// <summary>
/// The one place that writes a refusal in the protocol of the request. REST: the HTTP status and
/// <c>{"error": message}</c>. gRPC (a request whose Content-Type starts with <c>application/grpc</c>): HTTP 200 with a
/// trailers-only response, i.e. response headers <c>content-type: application/grpc</c>, <c>grpc-status</c> (the code of
/// <see cref="GrpcStatus"/>) and <c>grpc-message</c> (percent-encoded as the gRPC HTTP/2 spec asks) and no body; Kestrel
/// sends them as one HEADERS frame with END_STREAM. Either way a given <c>retryAfter</c> adds <c>Retry-After</c> in whole
/// seconds, rounded up, at least 1. gRPC handlers that run past the middleware throw <see cref="RpcFailure"/> instead
/// (same code and message, <c>retry-after</c> in the trailing metadata), and count the call under <see cref="HttpStatus"/>,
/// so both protocols share one table:
/// <list type="table">
/// <listheader><term>kind</term><description>HTTP / gRPC</description></listheader>
/// <item><term>Unauthenticated</term><description>401 / UNAUTHENTICATED (16)</description></item>
/// <item><term>RateLimited</term><description>429 + Retry-After / RESOURCE_EXHAUSTED (8) + retry-after</description></item>
/// <item><term>QueueFull</term><description>503 + Retry-After / UNAVAILABLE (14) + retry-after</description></item>
/// <item><term>NotReady</term><description>503 / UNAVAILABLE (14)</description></item>
/// <item><term>BadRequest</term><description>400 / INVALID_ARGUMENT (3)</description></item>
/// <item><term>UnknownModel</term><description>404 / NOT_FOUND (5)</description></item>
/// <item><term>Internal</term><description>500 / INTERNAL (13)</description></item>
/// <item><term>Unattributable</term><description>422 / FAILED_PRECONDITION (9)</description></item>
/// <item><term>AlreadyCounted</term><description>409 / ALREADY_EXISTS (6)</description></item>
/// </list>
/// </summary>
public static class Refusal
{
    /// <summary>The content type prefix of gRPC requests.</summary>
    public const string GrpcContentType = "application/grpc";

    /// <summary>The HTTP status of a refusal kind (401, 429, 503, 503, 400, 404, 500, 422, 409).</summary>
    public static int HttpStatus(RefusalKind kind) => kind switch
    {
        RefusalKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        RefusalKind.RateLimited => StatusCodes.Status429TooManyRequests,
        RefusalKind.QueueFull or RefusalKind.NotReady => StatusCodes.Status503ServiceUnavailable,
        RefusalKind.BadRequest => StatusCodes.Status400BadRequest,
        RefusalKind.UnknownModel => StatusCodes.Status404NotFound,
        RefusalKind.Unattributable => StatusCodes.Status422UnprocessableEntity,
        RefusalKind.AlreadyCounted => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The gRPC status code of a refusal kind (16, 8, 14, 14, 3, 5, 13, 9, 6).</summary>
    public static int GrpcStatus(RefusalKind kind) => (int)(kind switch
    {
        RefusalKind.Unauthenticated => StatusCode.Unauthenticated,
        RefusalKind.RateLimited => StatusCode.ResourceExhausted,
        RefusalKind.QueueFull or RefusalKind.NotReady => StatusCode.Unavailable,
        RefusalKind.BadRequest => StatusCode.InvalidArgument,
        RefusalKind.UnknownModel => StatusCode.NotFound,
        RefusalKind.Unattributable => StatusCode.FailedPrecondition,
        RefusalKind.AlreadyCounted => StatusCode.AlreadyExists,
        _ => StatusCode.Internal,
    });

    /// <summary>The refusal of a failed Run: QueueFull when it carries a retry-after, NotReady when unavailable, else Internal.</summary>
    public static RefusalKind KindOf(InferenceOutcome outcome) =>
        outcome.RetryAfter is not null ? RefusalKind.QueueFull : outcome.Unavailable ? RefusalKind.NotReady : RefusalKind.Internal;

    /// <summary>The metadata key (lower case, as HTTP/2 sends it) of the wait a refused gRPC client should keep, in seconds.</summary>
    public const string GrpcRetryAfterKey = "retry-after";

    /// <summary>
    /// The exception a gRPC handler throws for a refusal: the status of <see cref="GrpcStatus"/> with
    /// <paramref name="message"/> as its detail and, for a given <paramref name="retryAfter"/>, a <c>retry-after</c>
    /// trailer in whole seconds (<see cref="RetryAfterSeconds"/>).
    /// </summary>
    public static RpcException RpcFailure(RefusalKind kind, string message, TimeSpan? retryAfter = null)
    {
        var status = new Status((StatusCode)GrpcStatus(kind), message);
        if (retryAfter is not { } wait)
        {
            return new RpcException(status);
        }

        return new RpcException(status, new Metadata { { GrpcRetryAfterKey, RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture) } });
    }

    /// <summary>Whether the request speaks gRPC (its Content-Type starts with <c>application/grpc</c>).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>Retry-After</c> seconds for a wait: rounded up, at least 1.</summary>
    public static long RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));

    /// <summary>
    /// Writes the refusal unless the response has started (then nothing is written). Returns the HTTP status written
    /// (200 for gRPC, whose status travels in <c>grpc-status</c>).
    /// </summary>
    public static async Task<int> WriteAsync(HttpContext context, RefusalKind kind, string message, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        var grpc = IsGrpc(context.Request);
        var status = grpc ? StatusCodes.Status200OK : HttpStatus(kind);
        if (response.HasStarted)
        {
            return status;
        }

        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture);
        }

        if (kind == RefusalKind.Unauthenticated)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        if (!grpc)
        {
            await JsonResponses.WriteErrorAsync(context, status, message).ConfigureAwait(false);
            return status;
        }

        response.StatusCode = status;
        response.ContentType = GrpcContentType;
        response.Headers["grpc-status"] = GrpcStatus(kind).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(message);
        return status;
    }

    /// <summary>Percent-encodes a grpc-message: UTF-8 bytes outside printable ASCII, and '%', become %XX.</summary>
    public static string PercentEncode(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
