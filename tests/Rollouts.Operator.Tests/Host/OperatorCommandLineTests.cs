using Rollouts.Operator.Host;

namespace Rollouts.Operator.Tests.Host;

public sealed class OperatorCommandLineTests
{
    [Fact]
    public void Parses_every_option()
    {
        var (o, error) = OperatorCommandLine.Parse(["--kubeconfig", "/k", "--context", "prod", "--serving-image=img:2", "--prometheus-url", "http://prom:9090",
            "--namespace", "a,b", "--namespace", "c", "--leader-elect", "--leader-election-namespace", "ops", "--metrics-address", "http://127.0.0.1:9000"]);
        error.ShouldBeNull();
        o!.Kubeconfig.ShouldBe("/k");
        o.Context.ShouldBe("prod");
        o.ServingImage.ShouldBe("img:2");
        o.PrometheusUrl.ShouldBe("http://prom:9090");
        o.Namespaces.ShouldBe(["a", "b", "c"]);
        o.LeaderElect.ShouldBeTrue();
        o.LeaderElectionNamespace.ShouldBe("ops");
        o.MetricsAddress.ShouldBe("http://127.0.0.1:9000");
    }

    [Fact]
    public void Defaults_watch_all_namespaces_without_leader_election()
    {
        var (o, _) = OperatorCommandLine.Parse([]);
        o!.Namespaces.ShouldBeEmpty();
        o.LeaderElect.ShouldBeFalse();
        o.Kubeconfig.ShouldBeNull();
        o.Context.ShouldBeNull();
        o.KubeApiQps.ShouldBe(100);
        o.KubeApiBurst.ShouldBe(200);
        o.Workers.ShouldBe(10);
    }

    [Fact]
    public void Parses_client_rate_and_workers_in_both_forms()
    {
        var (o, error) = OperatorCommandLine.Parse(["--kube-api-qps", "12.5", "--kube-api-burst=30", "--workers", "4"]);
        error.ShouldBeNull();
        o!.KubeApiQps.ShouldBe(12.5);
        o.KubeApiBurst.ShouldBe(30);
        o.Workers.ShouldBe(4);
    }

    [Theory]
    [InlineData("--kube-api-qps=0", "--kube-api-qps needs a number of requests per second of at least 0.1")]
    [InlineData("--kube-api-qps=-3", "--kube-api-qps needs")]
    [InlineData("--kube-api-qps=NaN", "--kube-api-qps needs")]
    [InlineData("--kube-api-qps=Infinity", "--kube-api-qps needs")]
    [InlineData("--kube-api-qps=fast", "--kube-api-qps needs")]
    [InlineData("--kube-api-qps", "Required argument missing for option: '--kube-api-qps'")]
    [InlineData("--kube-api-burst=0", "--kube-api-burst needs a whole number of requests of at least 1")]
    [InlineData("--kube-api-burst=2.5", "--kube-api-burst needs")]
    [InlineData("--kube-api-burst=-1", "--kube-api-burst needs")]
    [InlineData("--workers=0", "--workers needs a whole number from 1 to 1000")]
    [InlineData("--workers=1001", "--workers needs")]
    [InlineData("--workers=ten", "--workers needs")]
    public void Bad_rates_and_worker_counts_are_refused_with_the_flag_named(string arg, string message)
    {
        var (o, error) = OperatorCommandLine.Parse([arg]);
        o.ShouldBeNull();
        error!.ShouldContain(message);
    }

    [Fact]
    public void Allowed_model_uri_prefixes_are_repeatable_or_comma_separated_and_default_to_none()
    {
        var (o, error) = OperatorCommandLine.Parse(["--allowed-model-uri-prefixes", "s3://models/, pvc://", "--allowed-model-uri-prefixes=https://models.example.com/"]);
        error.ShouldBeNull();
        o!.AllowedModelUriPrefixes.ShouldBe(["s3://models/", "pvc://", "https://models.example.com/"]);
        OperatorCommandLine.Parse([]).Options!.AllowedModelUriPrefixes.ShouldBeEmpty();
        OperatorCommandLine.Parse(["--allowed-model-uri-prefixes="]).Error!.ShouldContain("--allowed-model-uri-prefixes needs one or more");
    }

    [Fact]
    public void Notification_flags_are_read_by_the_notifications_parser_with_repeatable_urls()
    {
        var (o, error) = OperatorCommandLine.Parse(["--notify-webhook-url", "https://hooks.example/a", "--notify-webhook-url=https://hooks.example/b", "--notify-format", "slack"]);
        error.ShouldBeNull();
        o!.Notifications.WebhookUrls.Select(u => u.ToString()).ShouldBe(["https://hooks.example/a", "https://hooks.example/b"]);
        o.Notifications.Format.ShouldBe(global::Rollouts.Notifications.NotificationFormat.Slack);
        OperatorCommandLine.Parse([]).Options!.Notifications.WebhookUrls.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("--notify-format=xml", "--notify-format")]
    [InlineData("--notify-webhook-url=not a url", "--notify-webhook-url")]
    [InlineData("--bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("stray", "Unrecognized command or argument 'stray'")]
    [InlineData("--prometheus-url=not a url", "is not an absolute URL")]
    [InlineData("--serving-image=", "--serving-image needs a value")]
    [InlineData("--leader-election-namespace=", "--leader-election-namespace needs a value")]
    [InlineData("--metrics-address=:8081", "--metrics-address ':8081' is not an absolute URL")]
    [InlineData("--kubeconfig", "Required argument missing for option: '--kubeconfig'")]
    [InlineData("--context", "Required argument missing for option: '--context'")]
    [InlineData("--kubeconfig=", "--kubeconfig needs a value")]
    [InlineData("--bogus=1", "Unrecognized command or argument '--bogus=1'")]
    [InlineData("--leader-elect=yes", "Unrecognized command or argument 'yes'")]
    public void Bad_arguments_are_named(string arg, string message)
    {
        var (o, error) = OperatorCommandLine.Parse([arg]);
        o.ShouldBeNull();
        error!.ShouldContain(message);
    }

    [Fact]
    public void An_empty_joined_value_is_a_value_and_does_not_swallow_the_next_flag()
    {
        // The chart renders --namespace= for "all namespaces"; System.CommandLine alone would read --workers as its value.
        var (o, error) = OperatorCommandLine.Parse(["--namespace=", "--workers", "3", "--allowed-model-uri-prefixes=s3://m/,", "--kubeconfig=/a=b"]);
        error.ShouldBeNull();
        o!.Namespaces.ShouldBeEmpty();
        o.Workers.ShouldBe(3);
        o.AllowedModelUriPrefixes.ShouldBe(["s3://m/"]);
        o.Kubeconfig.ShouldBe("/a=b");
    }

    [Theory]
    [InlineData("--leader-elect", true)]
    [InlineData("--leader-elect=true", true)]
    [InlineData("--leader-elect=false", false)]
    [InlineData("--leader-elect:False", false)]
    public void Leader_election_is_a_switch_with_an_optional_value(string arg, bool expected) =>
        OperatorCommandLine.Parse([arg]).Options!.LeaderElect.ShouldBe(expected);

    [Theory]
    [InlineData("--workers=3", "--workers=4", "--workers")]
    [InlineData("--prometheus-url=http://a:9090", "--prometheus-url=http://b:9090", "--prometheus-url")]
    [InlineData("--notify-format=json", "--notify-format=slack", "--notify-format")]
    public void A_single_valued_flag_given_twice_is_refused_rather_than_one_value_dropped(string first, string second, string flag)
    {
        var (o, error) = OperatorCommandLine.Parse([first, second]);
        o.ShouldBeNull();
        error!.ShouldContain($"Option '{flag}' expects a single argument but 2 were provided");
    }

    [Fact]
    public void Every_error_is_reported_at_once_with_a_pointer_to_the_help()
    {
        var (_, error) = OperatorCommandLine.Parse(["--workers=0", "--kube-api-burst=x", "--bogus"]);
        var lines = error!.Split('\n');
        lines.ShouldContain(l => l.StartsWith("--workers needs", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("--kube-api-burst needs", StringComparison.Ordinal));
        lines.ShouldContain("Unrecognized command or argument '--bogus'.");
        lines[^1].ShouldBe("see --help for every flag");
    }

    [Fact]
    public void Help_lists_every_flag_with_its_default_and_exits_zero()
    {
        var parsed = OperatorCommandLine.ParseTokens(["--help"]);
        parsed.Errors.ShouldBeEmpty();
        var output = new StringWriter();
        parsed.Invoke(new System.CommandLine.InvocationConfiguration { Output = output }).ShouldBe(0);
        var help = output.ToString();
        foreach (var flag in OperatorCommandLine.Command.Options.Select(o => o.Name))
        {
            help.ShouldContain(flag);
        }

        foreach (var flag in global::Rollouts.Notifications.NotificationCommandLine.Flags)
        {
            help.ShouldContain(flag);
        }

        help.ShouldContain("[default: 200]"); // --kube-api-burst, from OperatorOptions
        help.ShouldContain("[default: http://0.0.0.0:8081]");
    }
}
