using k8s.Models;
using Rollouts.Api.Model;
using Rollouts.Api.Serving;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// Where the pods read the model and the baseline from (pure). <c>pvc://&lt;claim&gt;/&lt;path&gt;</c> mounts the
/// PersistentVolumeClaim read-only at <c>/mnt/pvc/&lt;claim&gt;</c> and passes the file path (as KServe does); one volume
/// per claim. <c>s3://</c> URIs get the standard AWS environment of <c>spec.serving.s3</c>, the credentials through
/// <c>env.valueFrom.secretKeyRef</c> (the operator never reads the Secret). Other URIs pass through unchanged.
/// </summary>
public static class ModelStorage
{
    /// <summary>The URI scheme prefix of PersistentVolumeClaim sources.</summary>
    public const string PvcPrefix = "pvc://";

    /// <summary>Where claims are mounted: <c>/mnt/pvc/&lt;claim&gt;</c>.</summary>
    public const string PvcMountRoot = "/mnt/pvc";

    /// <summary>The claim and the path inside it of a <c>pvc://claim/path</c> URI, or null when <paramref name="uri"/> is not one (or is malformed: see <see cref="Validate"/>).</summary>
    public static (string Claim, string Path)? ParsePvc(string? uri)
    {
        if (uri is null || !uri.StartsWith(PvcPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = uri[PvcPrefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return null;
        }

        var claim = rest[..slash];
        var path = rest[(slash + 1)..];
        var segments = path.Split('/');
        return IsDnsSubdomain(claim) && !segments.Any(s => s is "" or "." or "..") ? (claim, path) : null;
    }

    /// <summary>Errors of the <c>pvc://</c> URIs in <paramref name="model"/> (uri and baselineUri), empty when none is malformed.</summary>
    public static IEnumerable<string> Validate(ModelSpec model)
    {
        foreach (var (field, uri) in new[] { ("uri", model.Uri), ("baselineUri", model.BaselineUri) })
        {
            if (uri is not null && uri.StartsWith(PvcPrefix, StringComparison.Ordinal) && ParsePvc(uri) is null)
            {
                yield return $"spec.model.{field}: '{uri}' is not pvc://<claim>/<path> (a claim name, then a relative file path without '.', '..' or empty segments)";
            }
        }
    }

    /// <summary>The URI the server is given for <paramref name="uri"/>: the mounted file path for <c>pvc://</c>, else <paramref name="uri"/>.</summary>
    public static string ServerUri(string uri) =>
        ParsePvc(uri) is { } pvc ? $"{PvcMountRoot}/{pvc.Claim}/{pvc.Path}" : uri;

    /// <summary>The read-only claim volumes and their mounts for the <c>pvc://</c> URIs of <paramref name="model"/> (distinct claims, in order).</summary>
    public static (List<V1Volume> Volumes, List<V1VolumeMount> Mounts) PvcVolumes(ModelSpec model)
    {
        var claims = new[] { model.Uri, model.BaselineUri }.Select(ParsePvc).OfType<(string Claim, string Path)>().Select(p => p.Claim).Distinct(StringComparer.Ordinal).ToList();
        var volumes = claims.Select((c, i) => new V1Volume
        {
            Name = $"model-pvc-{i}",
            PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = c, ReadOnlyProperty = true },
        }).ToList();
        var mounts = claims.Select((c, i) => new V1VolumeMount { Name = $"model-pvc-{i}", MountPath = $"{PvcMountRoot}/{c}", ReadOnlyProperty = true }).ToList();
        return (volumes, mounts);
    }

    /// <summary>The AWS environment of <paramref name="s3"/> (empty when null): key pair by secretKeyRef, then region, endpoint and path style as values.</summary>
    public static List<V1EnvVar> S3Env(S3Spec? s3)
    {
        var env = new List<V1EnvVar>();
        if (s3 is null)
        {
            return env;
        }

        if (s3.CredentialsSecretName is { Length: > 0 } secret)
        {
            env.Add(FromSecret("AWS_ACCESS_KEY_ID", secret, s3.AccessKeyIdKey ?? "AWS_ACCESS_KEY_ID"));
            env.Add(FromSecret("AWS_SECRET_ACCESS_KEY", secret, s3.SecretAccessKeyKey ?? "AWS_SECRET_ACCESS_KEY"));
        }

        if (s3.Region is { Length: > 0 } region)
        {
            env.Add(new V1EnvVar { Name = "AWS_REGION", Value = region });
        }

        if (s3.Endpoint is { Length: > 0 } endpoint)
        {
            env.Add(new V1EnvVar { Name = "AWS_ENDPOINT_URL_S3", Value = endpoint });
        }

        if (s3.ForcePathStyle == true)
        {
            env.Add(new V1EnvVar { Name = "AWS_S3_FORCE_PATH_STYLE", Value = "true" });
        }

        return env;
    }

    private static V1EnvVar FromSecret(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };

    private static bool IsDnsSubdomain(string s) =>
        s.Length is > 0 and <= 253 && char.IsAsciiLetterLower(s[0]) | char.IsAsciiDigit(s[0]) && char.IsAsciiLetterLower(s[^1]) | char.IsAsciiDigit(s[^1]) &&
        s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.');
}
