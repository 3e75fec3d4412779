namespace Rollouts.Notifications.Tests;

public sealed class OptionsTests
{
    private static NotificationOptionsResult Parse(params (string Flag, string? Value)[] flags) =>
        NotificationCommandLine.Parse(flags.Select(f => new KeyValuePair<string, string?>(f.Flag, f.Value)));

    private static string OneError(params (string Flag, string? Value)[] flags)
    {
        var result = Parse(flags);
        result.Options.ShouldBeNull();
        return result.Errors.ShouldHaveSingleItem();
    }

    [Fact]
    public void No_flags_give_the_defaults_with_notifications_off()
    {
        var result = Parse();
        result.Errors.ShouldBeEmpty();
        result.Options.ShouldBe(new NotificationOptions { WebhookUrls = result.Options!.WebhookUrls });
        result.Options.WebhookUrls.ShouldBeEmpty();
        result.Options.Format.ShouldBe(NotificationFormat.Json);
    }

    [Fact]
    public void Every_flag_is_read_and_the_url_flag_repeats_in_order()
    {
        var result = Parse(
            ("--notify-webhook-url", "https://hooks.slack.com/services/T0/B0/xyz"),
            ("--notify-webhook-url", "http://receiver.ops:8080/hook?token=abc"),
            ("--notify-format", "Slack"),
            ("--notify-queue-capacity", "1000"),
            ("--notify-timeout", "2500ms"),
            ("--notify-max-retries", "0"),
            ("--notify-retry-delay", "2s"),
            ("--notify-retry-max-delay", "1m30s"),
            ("--notify-drain-timeout", "0s"));

        result.Errors.ShouldBeEmpty();
        var o = result.Options!;
        o.WebhookUrls.Select(u => u.AbsoluteUri).ShouldBe(["https://hooks.slack.com/services/T0/B0/xyz", "http://receiver.ops:8080/hook?token=abc"]);
        o.Format.ShouldBe(NotificationFormat.Slack);
        o.QueueCapacity.ShouldBe(1000);
        o.Timeout.ShouldBe(TimeSpan.FromMilliseconds(2500));
        o.MaxRetries.ShouldBe(0);
        o.RetryBaseDelay.ShouldBe(TimeSpan.FromSeconds(2));
        o.RetryMaxDelay.ShouldBe(TimeSpan.FromSeconds(90));
        o.DrainTimeout.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void A_url_that_is_not_absolute_is_refused_without_echoing_it()
    {
        var error = OneError(("--notify-webhook-url", "hooks.slack.com/services/T0/B0/secret"));
        error.ShouldBe("--notify-webhook-url #1 is not an absolute URL (expected http://host/… or https://host/…)");
        error.ShouldNotContain("secret");
    }

    [Theory]
    [InlineData("ftp://files.example.com/drop", "scheme 'ftp' is not http or https")]
    [InlineData("file:///etc/passwd", "scheme 'file' is not http or https")]
    [InlineData("/just/a/path", "scheme 'file' is not http or https")]
    public void A_url_that_is_not_http_is_refused(string url, string expected) =>
        OneError(("--notify-webhook-url", url)).ShouldBe($"--notify-webhook-url #1: {expected}");

    [Fact]
    public void A_url_with_user_info_is_refused_and_the_credentials_are_not_repeated()
    {
        var error = OneError(("--notify-webhook-url", "https://bot:hunter2@hooks.example.com/path/secret"));
        error.ShouldStartWith("--notify-webhook-url #1: (https://hooks.example.com/…) carries user-info");
        error.ShouldNotContain("hunter2");
        error.ShouldNotContain("bot");
        error.ShouldNotContain("secret");
    }

    [Fact]
    public void The_same_url_twice_is_refused()
    {
        var error = OneError(("--notify-webhook-url", "https://a.example/x?k=1"), ("--notify-webhook-url", "https://a.example/x?k=1"));
        error.ShouldBe("--notify-webhook-url #2 (https://a.example/…) is given twice: each URL would be posted to twice");
    }

    [Fact]
    public void An_unknown_format_is_refused_naming_the_choices() =>
        OneError(("--notify-format", "teams")).ShouldBe("--notify-format: unknown format 'teams' (expected json or slack)");

    [Theory]
    [InlineData("--notify-queue-capacity", "0", "--notify-queue-capacity: 0 is out of range (1 to 100000)")]
    [InlineData("--notify-queue-capacity", "many", "--notify-queue-capacity: 'many' is not a whole number")]
    [InlineData("--notify-queue-capacity", "-5", "--notify-queue-capacity: '-5' is not a whole number")]
    [InlineData("--notify-max-retries", "21", "--notify-max-retries: 21 is out of range (0 to 20)")]
    [InlineData("--notify-timeout", "10", "--notify-timeout: '10' is not a duration (e.g. 500ms, 10s, 1m30s)")]
    [InlineData("--notify-timeout", "0s", "--notify-timeout: 0s is out of range (1ms to 5m)")]
    [InlineData("--notify-timeout", "6m", "--notify-timeout: 6m is out of range (1ms to 5m)")]
    [InlineData("--notify-retry-max-delay", "-1s", "--notify-retry-max-delay: '-1s' is not a duration (e.g. 500ms, 10s, 1m30s)")]
    [InlineData("--notify-drain-timeout", "1d", "--notify-drain-timeout: '1d' is not a duration (e.g. 500ms, 10s, 1m30s)")]
    [InlineData("--notify-webhook-url", "", "--notify-webhook-url needs a value")]
    [InlineData("--notify-format", null, "--notify-format needs a value")]
    [InlineData("--notify-everyone", "yes", "--notify-everyone is not a notification flag")]
    public void A_bad_value_gets_an_error_naming_its_flag(string flag, string? value, string expected) =>
        OneError((flag, value)).ShouldBe(expected);

    [Fact]
    public void A_retry_delay_longer_than_its_cap_is_refused() =>
        OneError(("--notify-retry-delay", "2m"), ("--notify-retry-max-delay", "1m"))
            .ShouldBe("--notify-retry-delay (2m) is longer than --notify-retry-max-delay (1m)");

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var result = Parse(("--notify-webhook-url", "gopher://x/"), ("--notify-format", "xml"), ("--notify-queue-capacity", "0"));
        result.Options.ShouldBeNull();
        result.Errors.Count.ShouldBe(3);
    }

    [Fact]
    public void Options_built_in_code_are_checked_too()
    {
        var errors = NotificationOptionsValidator.Validate(new NotificationOptions
        {
            WebhookUrls = [new Uri("/relative", UriKind.Relative)],
            Format = (NotificationFormat)7,
            DrainTimeout = TimeSpan.FromMinutes(10),
        });

        errors.ShouldBe([
            "--notify-webhook-url #1: is not an absolute URL (expected http://host/… or https://host/…)",
            "--notify-format: unknown format 7 (expected json or slack)",
            "--notify-drain-timeout: 10m is out of range (0s to 5m)",
        ]);
    }

    [Fact]
    public void Every_flag_the_parser_reads_has_a_value_name_and_a_help_line_with_its_default()
    {
        NotificationCommandLine.All.Count.ShouldBe(NotificationCommandLine.Flags.Count); // no name twice
        foreach (var flag in NotificationCommandLine.All)
        {
            flag.ValueName.ShouldNotBeNullOrWhiteSpace();
            flag.Description.ShouldContain("default");
            // Every listed flag is read: a value it cannot take is refused naming it (not ignored).
            var errors = NotificationCommandLine.Parse([new(flag.Name, "not-a-value")]).Errors;
            errors.ShouldContain(e => e.StartsWith(flag.Name, StringComparison.Ordinal), flag.Name);
        }

        NotificationCommandLine.All.Single(f => f.Name == "--notify-queue-capacity").Description.ShouldBe(
            "Notifications each sink holds while it cannot deliver, 1-100000 [default: 256]");
        NotificationCommandLine.All.Single(f => f.Name == "--notify-retry-max-delay").Description.ShouldContain("up to 1h [default: 1m]");

        NotificationCommandLine.All.Where(f => f.Repeatable).Select(f => f.Name).ShouldBe(["--notify-webhook-url"]);
    }
}
