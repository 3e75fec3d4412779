namespace Rollouts.Kube;

/// <summary>A request the API server answered with a failure Status (or a non-Status error body).</summary>
public sealed class KubeApiException : Exception
{
    /// <summary>Creates the exception from the server's Status.</summary>
    /// <param name="status">The Status (synthesized from the HTTP code when the body was not a Status).</param>
    /// <param name="verb">The request verb (get, list, watch, create, update, patch, apply, delete).</param>
    /// <param name="path">The request path (no query string, so no secrets).</param>
    public KubeApiException(KubeStatus status, string verb, string path)
        : base($"{verb} {path}: {status.Code} {status.Reason}: {status.Message}")
    {
        Status = status;
        Verb = verb;
        Path = path;
        Reason = Classify(status);
    }

    /// <summary>The API's Status: reason, code, message, details (causes).</summary>
    public KubeStatus Status { get; }

    /// <summary>The reason as an enum.</summary>
    public StatusReason Reason { get; }

    /// <summary>HTTP status code.</summary>
    public int Code => Status.Code;

    /// <summary>Request verb.</summary>
    public string Verb { get; }

    /// <summary>Request path.</summary>
    public string Path { get; }

    /// <summary>Maps a Status to a <see cref="StatusReason"/>: by its reason string, else by its HTTP code.</summary>
    public static StatusReason Classify(KubeStatus status) => status.Reason switch
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
