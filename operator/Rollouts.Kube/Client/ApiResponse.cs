using System.Net;

namespace Rollouts.Kube;

/// <summary>One API answer, read fully: status code, body text and the server's Retry-After.</summary>
internal sealed record ApiResponse(HttpStatusCode Code, string Body, TimeSpan? RetryAfter);
