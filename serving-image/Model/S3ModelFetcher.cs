using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Model;

/// <summary>
/// Reads <c>s3://bucket/key</c> objects with AWSSDK.S3, configured from the standard AWS environment:
/// <c>AWS_ACCESS_KEY_ID</c> + <c>AWS_SECRET_ACCESS_KEY</c> (+ <c>AWS_SESSION_TOKEN</c>) when set, else the SDK's default
/// credential chain (web identity / IRSA, container and instance credentials); <c>AWS_REGION</c> (else
/// <c>AWS_DEFAULT_REGION</c>, else us-east-1); <c>AWS_ENDPOINT_URL_S3</c> (else <c>AWS_ENDPOINT_URL</c>) for an
/// S3-compatible store, which is always addressed path-style (<c>http://endpoint/bucket/key</c>); against AWS itself
/// addressing is virtual-hosted unless <c>AWS_S3_FORCE_PATH_STYLE=true</c>. The object is capped at
/// <see cref="FetchOptions.MaxModelBytes"/> while streaming, the read bounded by <see cref="FetchOptions.Timeout"/>.
/// The endpoint comes from the operator's environment, not from the URI, so it is not put through <see cref="AddressPolicy"/>.
/// </summary>
public sealed class S3ModelFetcher(FetchOptions options, Func<string, string?>? environment = null) : IDisposable
{
    private readonly Lazy<AmazonS3Client> client = new(() => CreateClient(environment ?? Environment.GetEnvironmentVariable, options));

    /// <summary>
    /// The object's bytes. Fails with <see cref="ModelSourceException"/> naming the URI and the cause: no such bucket, no
    /// such key, credentials refused, a size over the limit, an unreachable endpoint or the timeout.
    /// </summary>
    public async Task<byte[]> FetchAsync(S3ObjectUri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            var request = new GetObjectRequest { BucketName = uri.Bucket, Key = uri.Key };
            using var response = await client.Value.GetObjectAsync(request, timeout.Token).ConfigureAwait(false);
            var length = response.ContentLength;
            if (length > options.MaxModelBytes)
            {
                throw new ModelSourceException($"{uri}: {length} bytes, over the {options.MaxModelBytes}-byte limit (--max-model-bytes)");
            }

            return await BoundedRead.ReadAsync(response.ResponseStream, options.MaxModelBytes, length, uri.ToString(), timeout.Token).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e)
        {
            throw new ModelSourceException($"{uri}: {Explain(e, uri)}", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelSourceException($"{uri}: no complete answer within {options.Timeout.TotalSeconds:0.###} s (--model-fetch-timeout)");
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException or IOException)
        {
            throw new ModelSourceException($"{uri}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (client.IsValueCreated)
        {
            client.Value.Dispose();
        }
    }

    private static string Explain(AmazonS3Exception e, S3ObjectUri uri) => e.ErrorCode switch
    {
        "NoSuchBucket" => $"no bucket '{uri.Bucket}' (NoSuchBucket)",
        "NoSuchKey" => $"no object '{uri.Key}' in bucket '{uri.Bucket}' (NoSuchKey)",
        "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" or "ExpiredToken" or "InvalidToken" =>
            $"the store refused the credentials ({e.ErrorCode}: {e.Message}); check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN",
        _ when e.StatusCode == HttpStatusCode.NotFound => $"not found (HTTP 404{(e.ErrorCode is { Length: > 0 } c ? ", " + c : "")})",
        _ => $"{e.ErrorCode ?? "error"} (HTTP {(int)e.StatusCode}): {e.Message}",
    };

    private static AmazonS3Client CreateClient(Func<string, string?> environment, FetchOptions options)
    {
        string? Env(string name) => environment(name) is { Length: > 0 } v ? v.Trim() : null;
        var region = Env("AWS_REGION") ?? Env("AWS_DEFAULT_REGION") ?? "us-east-1";
        var config = new AmazonS3Config
        {
            Timeout = options.Timeout,
            MaxErrorRetry = 2,
        };
        if ((Env("AWS_ENDPOINT_URL_S3") ?? Env("AWS_ENDPOINT_URL")) is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            config.ForcePathStyle = string.Equals(Env("AWS_S3_FORCE_PATH_STYLE"), "true", StringComparison.OrdinalIgnoreCase);
        }

        if (Env("AWS_ACCESS_KEY_ID") is { } keyId && Env("AWS_SECRET_ACCESS_KEY") is { } secret)
        {
            AWSCredentials credentials = Env("AWS_SESSION_TOKEN") is { } token
                ? new SessionAWSCredentials(keyId, secret, token)
                : new BasicAWSCredentials(keyId, secret);
            return new AmazonS3Client(credentials, config);
        }

        return new AmazonS3Client(config);
    }
}
