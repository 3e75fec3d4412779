using System.Globalization;
using Rollouts.Notifications;

namespace Rollouts.Operator.Host;

/// <summary>
/// Parses the operator's command line:
/// <c>--kubeconfig PATH</c>, <c>--context NAME</c>, <c>--serving-image IMAGE</c>, <c>--prometheus-url URL</c>,
/// <c>--namespace NS</c> (repeatable or comma-separated; default all), <c>--leader-elect</c>,
/// <c>--leader-election-namespace NS</c>, <c>--metrics-address URL</c> (also serves /healthz and /readyz),
/// <c>--kube-api-qps N</c> (requests/s, ≥ 0.1), <c>--kube-api-burst N</c> (integer ≥ 1), <c>--workers N</c>
/// (integer 1–<see cref="OperatorOptions.MaxWorkers"/>), <c>--allowed-model-uri-prefixes P</c> (repeatable or
/// comma-separated; default: any URI); defaults in <see cref="OperatorOptions"/>; and the
/// notification flags of <see cref="NotificationCommandLine"/> (<c>--notify-webhook-url URL</c>, repeatable, …), read
/// by that class.
/// </summary>
public static class OperatorCommandLine
{
    /// <summary>Usage text.</summary>
    public const string Usage =
        "usage: rollouts-operator [--kubeconfig PATH] [--context NAME] [--serving-image IMAGE] [--prometheus-url URL] " +
        "[--namespace NS]... [--leader-elect] [--leader-election-namespace NS] [--metrics-address http://0.0.0.0:8081] " +
        "[--kube-api-qps 100] [--kube-api-burst 200] [--workers 10] [--allowed-model-uri-prefixes s3://models/,https://models.example.com/]... " + NotificationCommandLine.Usage;

    /// <summary>Parses <paramref name="args"/>; returns the options or an error message naming the bad argument.</summary>
    public static (OperatorOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var o = new OperatorOptions();
        var namespaces = new List<string>();
        var prefixes = new List<string>();
        var notify = new List<KeyValuePair<string, string?>>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string? Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                return i + 1 < args.Count ? args[++i] : null;
            }

            switch (arg)
            {
                case "--kubeconfig":
                    o = o with { Kubeconfig = Value() ?? "" };
                    break;
                case "--context":
                    o = o with { Context = Value() ?? "" };
                    break;
                case "--serving-image":
                    o = o with { ServingImage = Value() ?? "" };
                    break;
                case "--prometheus-url":
                    o = o with { PrometheusUrl = Value() ?? "" };
                    break;
                case "--namespace":
                case "--namespaces":
                    namespaces.AddRange((Value() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--allowed-model-uri-prefixes":
                    var given = (Value() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (given.Length == 0)
                    {
                        return (null, "--allowed-model-uri-prefixes needs one or more comma-separated URI prefixes, e.g. --allowed-model-uri-prefixes=s3://models/,pvc://");
                    }

                    prefixes.AddRange(given);
                    break;
                case "--leader-elect":
                    o = o with { LeaderElect = inline is null || inline.Equals("true", StringComparison.OrdinalIgnoreCase) };
                    break;
                case "--leader-election-namespace":
                    o = o with { LeaderElectionNamespace = Value() ?? "" };
                    break;
                case "--metrics-address":
                case "--health-address":
                    o = o with { MetricsAddress = Value() ?? "" };
                    break;
                case "--kube-api-qps":
                    if (!double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var qps) || !double.IsFinite(qps) || qps < 0.1)
                    {
                        return (null, "--kube-api-qps needs a number of requests per second of at least 0.1, e.g. --kube-api-qps=50");
                    }

                    o = o with { KubeApiQps = qps };
                    break;
                case "--kube-api-burst":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var burst) || burst < 1)
                    {
                        return (null, "--kube-api-burst needs a whole number of requests of at least 1, e.g. --kube-api-burst=100");
                    }

                    o = o with { KubeApiBurst = burst };
                    break;
                case "--workers":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var workers) || workers is < 1 or > OperatorOptions.MaxWorkers)
                    {
                        return (null, $"--workers needs a whole number from 1 to {OperatorOptions.MaxWorkers}, e.g. --workers=10");
                    }

                    o = o with { Workers = workers };
                    break;
                case var flag when NotificationCommandLine.Flags.Contains(flag):
                    notify.Add(new(flag, Value()));
                    break;
                default:
                    return (null, $"unknown argument '{args[i]}'\n{Usage}");
            }
        }

        if (string.IsNullOrWhiteSpace(o.ServingImage))
        {
            return (null, "--serving-image must not be empty");
        }

        if (o.PrometheusUrl is { } p && !Uri.TryCreate(p, UriKind.Absolute, out _))
        {
            return (null, $"--prometheus-url '{p}' is not an absolute URL");
        }

        if (!Uri.TryCreate(o.MetricsAddress, UriKind.Absolute, out _))
        {
            return (null, $"--metrics-address '{o.MetricsAddress}' is not an absolute URL");
        }

        if (o.Kubeconfig is "" || o.Context is "" || o.LeaderElectionNamespace is "")
        {
            return (null, "--kubeconfig, --context and --leader-election-namespace need a value");
        }

        var notifications = NotificationCommandLine.Parse(notify);
        if (notifications.Options is null)
        {
            return (null, string.Join("\n", notifications.Errors));
        }

        return (o with { Namespaces = namespaces.Distinct().ToList(), AllowedModelUriPrefixes = prefixes.Distinct().ToList(), Notifications = notifications.Options }, null);
    }
}
