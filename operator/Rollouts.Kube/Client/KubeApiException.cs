using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Rollouts.Kube;

/// <summary>
/// A request the API server answered with a failure Status (or a non-Status error body): the one place where
/// KubernetesClient's <see cref="HttpOperationException"/> (and a watch's ERROR event, <see cref="KubernetesException"/>)
/// become a value callers match on by <see cref="Reason"/>.
/// </summary>
public sealed class KubeApiException : Exception
{
    /// <summary>Creates the exception from the server's Status.</summary>
    /// <param name="status">The Status (synthesized from the HTTP code when the body was not a Status).</param>
    /// <param name="verb">The request verb (get, list, watch, create, patch, apply, delete).</param>
    /// <param name="path">What was addressed, e.g. <c>deployments ns/name</c> (no query string, so no secrets).</param>
    /// <param name="inner">The library's exception.</param>
    public KubeApiException(V1Status status, string verb, string path, Exception? inner = null)
        : base($"{verb} {path}: {status.Code} {status.Reason}: {status.Message}", inner)
    {
        Status = status;
        Verb = verb;
        Path = path;
        Reason = Classify(status);
    }

    /// <summary>The API's Status: reason, code, message, details (causes).</summary>
    public V1Status Status { get; }

    /// <summary>The reason as an enum.</summary>
    public StatusReason Reason { get; }

    /// <summary>HTTP status code (0 when unknown).</summary>
    public int Code => Status.Code ?? 0;

    /// <summary>Request verb.</summary>
    public string Verb { get; }

    /// <summary>What was addressed (resource and name).</summary>
    public string Path { get; }

    /// <summary>The exception for a failed request: the response body's Status, else one made from the HTTP code and the first 300 characters of the body.</summary>
    public static KubeApiException From(HttpOperationException e, string verb, string path)
    {
        var code = (int)(e.Response?.StatusCode ?? 0);
        var body = e.Response?.Content ?? "";
        V1Status? status = null;
        try
        {
            status = body.Length > 0 ? KubernetesJson.Deserialize<V1Status>(body) : null;
        }
        catch (JsonException)
        {
        }

        if (status?.Code is null or 0)
        {
            status = new V1Status { Status = "Failure", Code = code, Message = body.Length > 300 ? body[..300] : body };
        }

        return new KubeApiException(status, verb, path, e);
    }

    /// <summary>The exception for a watch's ERROR event.</summary>
    public static KubeApiException From(KubernetesException e, string path) =>
        new(e.Status ?? new V1Status { Status = "Failure", Code = 500, Message = e.Message }, "watch", path, e);

    /// <summary>Maps a Status to a <see cref="StatusReason"/>: by its reason string, else by its HTTP code.</summary>
    public static StatusReason Classify(V1Status status) => status.Reason switch
    {
        "NotFound" => StatusReason.NotFound,
        "AlreadyExists" => StatusReason.AlreadyExists,
        "Conflict" => StatusReason.Conflict,
        "Invalid" => StatusReason.Invalid,
        "Gone" or "Expired" => StatusReason.Gone,
        "Forbidden" => StatusReason.Forbidden,
        "Unauthorized" => StatusReason.Unauthorized,
        "Timeout" => StatusReason.Timeout,
        "ServerTimeout" => StatusReason.ServerTimeout,
        "TooManyRequests" => StatusReason.TooManyRequests,
        "BadRequest" => StatusReason.BadRequest,
        "MethodNotAllowed" => StatusReason.MethodNotAllowed,
        "NotAcceptable" => StatusReason.NotAcceptable,
        "RequestEntityTooLarge" => StatusReason.RequestEntityTooLarge,
        "UnsupportedMediaType" => StatusReason.UnsupportedMediaType,
        "InternalError" => StatusReason.InternalError,
        "ServiceUnavailable" => StatusReason.ServiceUnavailable,
        _ => status.Code switch
        {
            400 => StatusReason.BadRequest,
            401 => StatusReason.Unauthorized,
            403 => StatusReason.Forbidden,
            404 => StatusReason.NotFound,
            405 => StatusReason.MethodNotAllowed,
            409 => StatusReason.Conflict,
            410 => StatusReason.Gone,
            422 => StatusReason.Invalid,
            429 => StatusReason.TooManyRequests,
            500 => StatusReason.InternalError,
            503 => StatusReason.ServiceUnavailable,
            504 => StatusReason.Timeout,
            _ => StatusReason.Unknown,
        },
    };
}
