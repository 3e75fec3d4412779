using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Rollouts.Notifications;

namespace Rollouts.Operator.Host;

/// <summary>
/// The operator's command line, declared with System.CommandLine (which gives <c>--help</c>, <c>--version</c> and
/// the errors for unknown or repeated flags): <c>--kubeconfig PATH</c>, <c>--context NAME</c>,
/// <c>--serving-image IMAGE</c>, <c>--prometheus-url URL</c>, <c>--namespace NS</c> (repeatable or comma-separated;
/// default all), <c>--leader-elect[=true|false]</c>, <c>--leader-election-namespace NS</c>,
/// <c>--metrics-address URL</c> (also serves /healthz and /readyz), <c>--kube-api-qps N</c> (requests/s, ≥ 0.1),
/// <c>--kube-api-burst N</c> (integer ≥ 1), <c>--workers N</c> (integer 1–<see cref="OperatorOptions.MaxWorkers"/>),
/// <c>--allowed-model-uri-prefixes P</c> (repeatable or comma-separated; default: any URI); defaults in
/// <see cref="OperatorOptions"/>; and the notification flags of <see cref="NotificationCommandLine.All"/>, whose values
/// <see cref="NotificationCommandLine.Parse"/> reads. A value follows its flag (<c>--flag value</c>) or is joined to it
/// (<c>--flag=value</c>, <c>--flag:value</c>); a single-valued flag given twice is an error (System.CommandLine's
/// rule; Kubernetes' pflag keeps the last one), and <c>@file</c> response files are off.
/// </summary>
public static class OperatorCommandLine
{
    private static readonly OperatorOptions Defaults = new();

    private static readonly Option<string?> Kubeconfig = Text("--kubeconfig", "PATH",
        "Path of a kubeconfig [default: $KUBECONFIG (merged), ~/.kube/config, else the in-cluster service account]");

    private static readonly Option<string?> Context = Text("--context", "NAME", "The kubeconfig context to use [default: the current one]");

    private static readonly Option<string> ServingImage = new("--serving-image")
    {
        HelpName = "IMAGE",
        Description = "Image of the serving pods when spec.serving.image is empty",
        DefaultValueFactory = _ => Defaults.ServingImage,
        Validators = { NotEmpty },
    };

    private static readonly Option<string?> PrometheusUrl = new("--prometheus-url")
    {
        HelpName = "URL",
        Description = "The Prometheus the analysis queries, e.g. http://prometheus:9090 [default: none; analysis reports it unconfigured]",
        Validators = { AbsoluteUrl },
    };

    private static readonly Option<string[]> Namespaces = List("--namespace", "NS",
        "Namespace to reconcile; repeatable or a,b; one controller per namespace [default: all namespaces]", "--namespaces");

    private static readonly Option<bool> LeaderElect = new("--leader-elect")
    {
        Description = "Take a coordination.k8s.io Lease before reconciling (for more than one replica)",
    };

    private static readonly Option<string> LeaderElectionNamespace = new("--leader-election-namespace")
    {
        HelpName = "NS",
        Description = "Namespace of the leader-election Lease",
        DefaultValueFactory = _ => Defaults.LeaderElectionNamespace,
        Validators = { NotEmpty },
    };

    private static readonly Option<string> MetricsAddress = new("--metrics-address", "--health-address")
    {
        HelpName = "URL",
        Description = "Listen address of /metrics, /healthz and /readyz",
        DefaultValueFactory = _ => Defaults.MetricsAddress,
        Validators = { AbsoluteUrl },
    };

    private static readonly Option<double> KubeApiQps = new("--kube-api-qps")
    {
        HelpName = "N",
        Description = "Sustained requests per second to the API server (the client's token bucket refill), at least 0.1",
        DefaultValueFactory = _ => OperatorOptions.DefaultKubeApiQps,
        CustomParser = r => double.TryParse(r.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var qps) && double.IsFinite(qps) && qps >= 0.1
            ? qps
            : Refuse<double>(r, "--kube-api-qps needs a number of requests per second of at least 0.1, e.g. --kube-api-qps=50"),
    };

    private static readonly Option<int> KubeApiBurst = new("--kube-api-burst")
    {
        HelpName = "N",
        Description = "Requests the client may send at once above the sustained rate (the token bucket's size), at least 1",
        DefaultValueFactory = _ => OperatorOptions.DefaultKubeApiBurst,
        CustomParser = r => int.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var burst) && burst >= 1
            ? burst
            : Refuse<int>(r, "--kube-api-burst needs a whole number of requests of at least 1, e.g. --kube-api-burst=100"),
    };

    private static readonly Option<int> Workers = new("--workers")
    {
        HelpName = "N",
        Description = $"ModelDeployments reconciled at once, per controller, 1-{OperatorOptions.MaxWorkers}",
        DefaultValueFactory = _ => OperatorOptions.DefaultWorkers,
        CustomParser = r => int.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var workers) && workers is >= 1 and <= OperatorOptions.MaxWorkers
            ? workers
            : Refuse<int>(r, $"--workers needs a whole number from 1 to {OperatorOptions.MaxWorkers}, e.g. --workers=10"),
    };

    private static readonly Option<string[]> AllowedModelUriPrefixes = List("--allowed-model-uri-prefixes", "PREFIXES",
        "The only prefixes a model or baseline URI may start with; repeatable or a,b, e.g. s3://models/,pvc:// [default: any URI]");

    private static readonly IReadOnlyList<(NotificationFlag Flag, Option Option)> Notify =
        NotificationCommandLine.All.Select(f => (f, f.Repeatable
            ? (Option)new Option<string[]>(f.Name) { HelpName = f.ValueName, Description = f.Description, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false }
            : new Option<string>(f.Name) { HelpName = f.ValueName, Description = f.Description })).ToList();

    /// <summary>The root command: every flag, with <c>--help</c> and <c>--version</c>; it has no action of its own.</summary>
    public static RootCommand Command { get; } = Build();

    private static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null };

    private static readonly HashSet<string> Known = Command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Parses <paramref name="args"/> against <see cref="Command"/>. Each <c>--flag=value</c> of a known flag is
    /// handed over as two tokens: System.CommandLine 3.0.0 drops an empty joined value, so the chart's
    /// <c>--namespace=</c> (no namespaces: all) would take the next flag as its value.
    /// </summary>
    public static ParseResult ParseTokens(IReadOnlyList<string> args) => Command.Parse(SplitJoinedValues(args), Configuration);

    /// <summary>
    /// Parses <paramref name="args"/>; returns the options (defaults for what is not given), or every error found, one
    /// per line, each naming its flag.
    /// </summary>
    public static (OperatorOptions? Options, string? Error) Parse(IReadOnlyList<string> args) => Read(ParseTokens(args));

    /// <summary>The options <paramref name="parsed"/> holds, or its errors and the notification flags' (one per line).</summary>
    public static (OperatorOptions? Options, string? Error) Read(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.Errors.Count > 0)
        {
            return (null, string.Join("\n", parsed.Errors.Select(e => e.Message).Distinct()) + "\nsee --help for every flag");
        }

        var notifications = NotificationCommandLine.Parse(Notify.SelectMany(n => ValuesOf(parsed, n.Option)
            .Select(value => new KeyValuePair<string, string?>(n.Flag.Name, value))));
        if (notifications.Options is null)
        {
            return (null, string.Join("\n", notifications.Errors));
        }

        return (new OperatorOptions
        {
            Kubeconfig = parsed.GetValue(Kubeconfig),
            Context = parsed.GetValue(Context),
            ServingImage = parsed.GetValue(ServingImage)!,
            PrometheusUrl = parsed.GetValue(PrometheusUrl),
            Namespaces = Split(parsed.GetValue(Namespaces)),
            LeaderElect = parsed.GetValue(LeaderElect),
            LeaderElectionNamespace = parsed.GetValue(LeaderElectionNamespace)!,
            MetricsAddress = parsed.GetValue(MetricsAddress)!,
            KubeApiQps = parsed.GetValue(KubeApiQps),
            KubeApiBurst = parsed.GetValue(KubeApiBurst),
            Workers = parsed.GetValue(Workers),
            AllowedModelUriPrefixes = Split(parsed.GetValue(AllowedModelUriPrefixes)),
            Notifications = notifications.Options,
        }, null);
    }

    private static RootCommand Build()
    {
        var root = new RootCommand("The Model Rollouts operator: reconciles ModelDeployments (ml.rollouts.dev) until SIGTERM. Exit code 2: bad arguments or kubeconfig.")
        {
            Kubeconfig, Context, ServingImage, PrometheusUrl, Namespaces, LeaderElect, LeaderElectionNamespace, MetricsAddress,
            KubeApiQps, KubeApiBurst, Workers, AllowedModelUriPrefixes,
        };
        foreach (var (_, option) in Notify)
        {
            root.Options.Add(option);
        }

        AllowedModelUriPrefixes.Validators.Add(r =>
        {
            if (r.Tokens.Any(t => Split([t.Value]).Count == 0))
            {
                r.AddError("--allowed-model-uri-prefixes needs one or more comma-separated URI prefixes, e.g. --allowed-model-uri-prefixes=s3://models/,pvc://");
            }
        });
        return root;
    }

    private static IReadOnlyList<string> SplitJoinedValues(IReadOnlyList<string> args)
    {
        var tokens = new List<string>(args.Count + 4);
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2 && Known.Contains(arg[..eq]))
            {
                tokens.Add(arg[..eq]);
                tokens.Add(arg[(eq + 1)..]);
            }
            else
            {
                tokens.Add(arg);
            }
        }

        return tokens;
    }

    private static IEnumerable<string> ValuesOf(ParseResult parsed, Option option) => option switch
    {
        Option<string[]> many => parsed.GetValue(many) ?? [],
        Option<string> one when parsed.GetValue(one) is { } value => [value],
        _ => [],
    };

    private static IReadOnlyList<string> Split(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();

    private static Option<string?> Text(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        Validators = { NotEmpty },
    };

    private static Option<string[]> List(string name, string helpName, string description, params string[] aliases) => new(name, aliases)
    {
        HelpName = helpName,
        Description = description,
        AllowMultipleArgumentsPerToken = false,
    };

    private static void NotEmpty(OptionResult r)
    {
        if (r.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
        {
            r.AddError($"{r.Option.Name} needs a value");
        }
    }

    private static void AbsoluteUrl(OptionResult r)
    {
        foreach (var t in r.Tokens.Where(t => !Uri.TryCreate(t.Value, UriKind.Absolute, out _)))
        {
            r.AddError($"{r.Option.Name} '{t.Value}' is not an absolute URL");
        }
    }

    private static T Refuse<T>(ArgumentResult r, string message)
    {
        r.AddError(message);
        return default!;
    }
}
