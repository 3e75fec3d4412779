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
    [InlineData("--kube-api-qps", "--kube-api-qps needs")]
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
    [InlineData("--bogus", "unknown argument '--bogus'")]
    [InlineData("--prometheus-url=not a url", "is not an absolute URL")]
    [InlineData("--serving-image=", "--serving-image must not be empty")]
    [InlineData("--kubeconfig", "need a value")]
    [InlineData("--context", "need a value")]
    public void Bad_arguments_are_named(string arg, string message)
    {
        var (o, error) = OperatorCommandLine.Parse([arg]);
        o.ShouldBeNull();
        error!.ShouldContain(message);
    }
}
