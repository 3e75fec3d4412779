using k8s.Models;
using Rollouts.Api.Serving;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// The pod side of <c>spec.serving.auth</c> (pure): each Secret key is a Secret volume holding only that key, mode
/// 0440 (readable by the pod's fsGroup, the server's group), mounted read-only under <see cref="MountRoot"/>, and
/// the server is given the file (<c>--api-keys-file</c>; <c>--jwt-issuer</c>, <c>--jwt-audience</c>,
/// <c>--jwt-signing-keys-file</c>). A whole-directory mount (no subPath), so the kubelet's updates of the Secret
/// reach the file and the server reloads its keys.
/// </summary>
public static class ServingAuth
{
    /// <summary>Where the auth Secrets are mounted.</summary>
    public const string MountRoot = "/etc/model-rollouts/auth";

    /// <summary>File mode of the mounted keys: 0440 (owner and group read).</summary>
    public const int FileMode = 288; // octal 0440

    /// <summary>The server flags, volumes and mounts of <paramref name="auth"/>; all empty when null.</summary>
    public static (List<string> Args, List<V1Volume> Volumes, List<V1VolumeMount> Mounts) Render(AuthSpec? auth)
    {
        var args = new List<string>();
        var volumes = new List<V1Volume>();
        var mounts = new List<V1VolumeMount>();
        if (auth?.ApiKeys is { } keys)
        {
            args.AddRange(["--api-keys-file", Mount("auth-api-keys", keys, AuthSpec.DefaultApiKeysKey, volumes, mounts)]);
        }

        if (auth?.Jwt is { } jwt)
        {
            args.AddRange(["--jwt-issuer", jwt.Issuer, "--jwt-audience", jwt.Audience]);
            args.AddRange(["--jwt-signing-keys-file", Mount("auth-jwks", jwt.SigningKeys, JwtSpec.DefaultSigningKeysKey, volumes, mounts)]);
        }

        return (args, volumes, mounts);
    }

    private static string Mount(string volume, SecretKeyReference secret, string defaultKey, List<V1Volume> volumes, List<V1VolumeMount> mounts)
    {
        var key = string.IsNullOrEmpty(secret.Key) ? defaultKey : secret.Key;
        var dir = $"{MountRoot}/{volume}";
        volumes.Add(new V1Volume
        {
            Name = volume,
            Secret = new V1SecretVolumeSource
            {
                SecretName = secret.SecretName,
                Items = [new V1KeyToPath { Key = key, Path = key }],
                DefaultMode = FileMode,
            },
        });
        mounts.Add(new V1VolumeMount { Name = volume, MountPath = dir, ReadOnlyProperty = true });
        return $"{dir}/{key}";
    }
}
