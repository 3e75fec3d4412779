using System.Text.Json.Serialization;

namespace Rollouts.Api.Serving;

/// <summary>
/// <c>spec.serving.s3</c>: how the pods reach <c>s3://bucket/key</c> model and baseline URIs, as the standard AWS
/// environment: credentials from a Secret through <c>env.valueFrom.secretKeyRef</c> (the operator never reads it),
/// region and endpoint as plain values. Absent: the pods get no AWS settings (e.g. credentials from the node or a
/// workload identity).
/// </summary>
public sealed record S3Spec
{
    /// <summary>Secret holding the access key pair; absent: no credentials are set.</summary>
    [JsonPropertyName("credentialsSecretName")] public string? CredentialsSecretName { get; init; }

    /// <summary>Key of the access key id in the Secret (default <c>AWS_ACCESS_KEY_ID</c>).</summary>
    [JsonPropertyName("accessKeyIdKey")] public string? AccessKeyIdKey { get; init; }

    /// <summary>Key of the secret access key in the Secret (default <c>AWS_SECRET_ACCESS_KEY</c>).</summary>
    [JsonPropertyName("secretAccessKeyKey")] public string? SecretAccessKeyKey { get; init; }

    /// <summary>AWS region (<c>AWS_REGION</c>); absent: the server's default, us-east-1.</summary>
    [JsonPropertyName("region")] public string? Region { get; init; }

    /// <summary>Endpoint of an S3-compatible store (<c>AWS_ENDPOINT_URL_S3</c>, an http(s) URL); absent: AWS.</summary>
    [JsonPropertyName("endpoint")] public string? Endpoint { get; init; }

    /// <summary>Path-style addressing (<c>AWS_S3_FORCE_PATH_STYLE=true</c>), which most S3-compatible stores need.</summary>
    [JsonPropertyName("forcePathStyle")] public bool? ForcePathStyle { get; init; }
}
