using System.Globalization;
using k8s.Models;

namespace Rollouts.LocalCluster.Agent;

/// <summary>How a serving container runs locally: <c>dotnet Rollouts.Serving.dll ARGS --urls http://IP:PORT</c> with the container's env.</summary>
/// <param name="Arguments">The arguments after <c>dotnet</c>.</param>
/// <param name="Environment">The container's literal env vars (valueFrom is not supported and skipped); values under a configMap volume's mountPath point at the local copy, as arguments do.</param>
/// <param name="Port">The port the server listens on (the container's first port, default 8080).</param>
public sealed record ServingCommand(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string?> Environment, int Port)
{
    /// <summary>The command for <paramref name="container"/> listening on <paramref name="ip"/>.</summary>
    /// <param name="container">The pod's container.</param>
    /// <param name="servingAssembly">Path of Rollouts.Serving.dll.</param>
    /// <param name="ip">The pod address.</param>
    /// <param name="mountPaths">mountPath → local directory of the pod's configMap volumes: arguments under a mountPath are rewritten onto it (see <see cref="ConfigMapVolumes.RewriteArguments"/>).</param>
    public static ServingCommand For(V1Container container, string servingAssembly, string ip, IReadOnlyDictionary<string, string>? mountPaths = null)
    {
        var port = container.Ports?.FirstOrDefault()?.ContainerPort is > 0 and var p ? p : 8080;
        var args = new List<string> { servingAssembly };
        var mounts = mountPaths ?? new Dictionary<string, string>();
        var containerArgs = ConfigMapVolumes.RewriteArguments([.. container.Args ?? []], mounts);
        for (var i = 0; i < containerArgs.Count; i++)
        {
            // The listen address is the agent's to choose.
            if (containerArgs[i] == "--urls")
            {
                i++;
                continue;
            }

            if (!containerArgs[i].StartsWith("--urls=", StringComparison.Ordinal))
            {
                args.Add(containerArgs[i]);
            }
        }

        args.Add("--urls");
        args.Add($"http://{ip}:{port.ToString(CultureInfo.InvariantCulture)}");
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var e in container.Env ?? [])
        {
            if (e.Value is not null)
            {
                env[e.Name] = ConfigMapVolumes.RewriteArguments([e.Value], mounts)[0];
            }
        }

        env.Remove("ASPNETCORE_URLS");
        env.Remove("URLS");
        return new ServingCommand(args, env, port);
    }

    /// <summary>
    /// The readiness probe's path and port for <paramref name="container"/> (port by number or by container-port
    /// name); null when the container has no HTTP readiness probe (it is then ready once started).
    /// </summary>
    public static (string Path, int Port)? ReadinessProbe(V1Container container)
    {
        var get = container.ReadinessProbe?.HttpGet;
        if (get is null)
        {
            return null;
        }

        var port = int.TryParse(get.Port?.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : container.Ports?.FirstOrDefault(cp => cp.Name == get.Port?.Value)?.ContainerPort ?? 8080;
        return (string.IsNullOrEmpty(get.Path) ? "/" : get.Path, port);
    }
}
