namespace Rollouts.Kube;

/// <summary>meta/v1 StatusReason values, as an enum so callers need no string matching.</summary>
public enum StatusReason
{
    /// <summary>No or an unrecognised reason.</summary>
    Unknown,

    /// <summary>401: credentials missing or invalid.</summary>
    Unauthorized,

    /// <summary>403: the user may not perform the action.</summary>
    Forbidden,

    /// <summary>404: the object (or resource) does not exist.</summary>
    NotFound,

    /// <summary>409 on create: the object already exists.</summary>
    AlreadyExists,

    /// <summary>409: stale resourceVersion on update, or a server-side apply field-manager conflict.</summary>
    Conflict,

    /// <summary>410: the requested resourceVersion is too old (reason Expired or Gone): relist.</summary>
    Gone,

    /// <summary>422: the object failed validation (see Details.Causes).</summary>
    Invalid,

    /// <summary>504 / server timeout.</summary>
    Timeout,

    /// <summary>Server could not complete in time (ServerTimeout).</summary>
    ServerTimeout,

    /// <summary>429: too many requests (honour Retry-After).</summary>
    TooManyRequests,

    /// <summary>400: malformed request.</summary>
    BadRequest,

    /// <summary>405: verb not supported by the resource.</summary>
    MethodNotAllowed,

    /// <summary>406: not acceptable.</summary>
    NotAcceptable,

    /// <summary>413: request too large.</summary>
    RequestEntityTooLarge,

    /// <summary>415: content type not supported.</summary>
    UnsupportedMediaType,

    /// <summary>500: internal error.</summary>
    InternalError,

    /// <summary>503: service unavailable.</summary>
    ServiceUnavailable,
}
