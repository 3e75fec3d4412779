namespace Rollouts.Metrics.Tests;

public sealed class RegistrationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("1starts_with_digit")]
    [InlineData("has-dash")]
    [InlineData("has space")]
    [InlineData("ünicode")]
    public void Invalid_metric_names_are_refused(string name)
    {
        var registry = new MetricRegistry();
        Should.Throw<ArgumentException>(() => registry.Counter(name, "h")).Message.ShouldContain("[a-zA-Z_:][a-zA-Z0-9_:]*");
    }

    [Theory]
    [InlineData("ok_name")]
    [InlineData(":colon:ok")]
    [InlineData("_leading_underscore")]
    [InlineData("A9")]
    public void Valid_metric_names_are_accepted(string name) =>
        new MetricRegistry().Gauge(name, "h").Name.ShouldBe(name);

    [Theory]
    [InlineData("__reserved")]
    [InlineData("has:colon")]
    [InlineData("9digit")]
    [InlineData("")]
    [InlineData("dash-ed")]
    public void Invalid_label_names_are_refused(string label) =>
        Should.Throw<ArgumentException>(() => new MetricRegistry().Counter("c_total", "h", label));

    [Fact]
    public void Duplicate_label_names_and_le_on_histograms_are_refused()
    {
        var registry = new MetricRegistry();
        Should.Throw<ArgumentException>(() => registry.Counter("c_total", "h", "a", "a")).Message.ShouldContain("twice");
        Should.Throw<ArgumentException>(() => registry.Histogram("h_seconds", "h", [1], "le")).Message.ShouldContain("reserved");
        registry.Counter("le_is_fine_on_counters_total", "h", "le").LabelNames.ShouldBe(["le"]);
    }

    [Fact]
    public void Bucket_bounds_must_be_finite_and_strictly_ascending()
    {
        var registry = new MetricRegistry();
        Should.Throw<ArgumentException>(() => registry.Histogram("a", "h", [1, 1]));
        Should.Throw<ArgumentException>(() => registry.Histogram("b", "h", [2, 1]));
        Should.Throw<ArgumentException>(() => registry.Histogram("c", "h", [double.NaN]));
        Should.Throw<ArgumentException>(() => registry.Histogram("d", "h", [double.NegativeInfinity, 1]));
        registry.Histogram("e", "h", [1, 2, double.PositiveInfinity]).Buckets.ShouldBe([1d, 2d]);
        registry.Histogram("f", "h", []).Buckets.ShouldBeEmpty();
        ExpositionParser.Parse(registry.ToText()).Count.ShouldBe(2);
    }

    [Fact]
    public void Registering_the_same_metric_again_returns_it_and_conflicts_are_refused()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("requests_total", "h", "code");
        registry.Counter("requests_total", "h", "code").ShouldBeSameAs(counter);
        var histogram = registry.Histogram("latency_seconds", "h", [1, 2], "code");
        registry.Histogram("latency_seconds", "h", [1, 2], "code").ShouldBeSameAs(histogram);

        Should.Throw<ArgumentException>(() => registry.Counter("requests_total", "h", "other"));
        Should.Throw<ArgumentException>(() => registry.Gauge("requests_total", "h", "code"));
        Should.Throw<ArgumentException>(() => registry.Histogram("latency_seconds", "h", [1, 3], "code"));
        Should.Throw<ArgumentException>(() => registry.Gauge("latency_seconds_sum", "h")).Message.ShouldContain("latency_seconds_sum");
        Should.Throw<ArgumentException>(() => registry.Counter("latency_seconds_bucket", "h"));
        registry.Gauge("x_count", "h");
        Should.Throw<ArgumentException>(() => registry.Histogram("x", "h", [1]));
        registry.GaugeCallback("cb", "h", () => []);
        Should.Throw<ArgumentException>(() => registry.GaugeCallback("cb", "h", () => []));
        registry.Families.Count.ShouldBe(4);
    }

    [Fact]
    public void Label_values_must_match_the_label_names()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("c_total", "h", "a", "b");
        Should.Throw<ArgumentException>(() => counter.WithLabels("x")).Message.ShouldContain("2 label(s)");
        Should.Throw<ArgumentNullException>(() => counter.WithLabels("x", null!));
        Should.Throw<InvalidOperationException>(() => counter.Inc()).Message.ShouldContain("WithLabels");
        counter.WithLabels("x", "y").ShouldBeSameAs(counter.WithLabels(["x", "y"]));
        counter.WithLabels("x", "y").ShouldNotBeSameAs(counter.WithLabels("y", "x"));
    }

    [Fact]
    public void Counters_only_go_up()
    {
        var counter = new MetricRegistry().Counter("c_total", "h");
        Should.Throw<ArgumentOutOfRangeException>(() => counter.Inc(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => counter.Inc(double.NaN));
        counter.Inc(0);
        counter.Inc(2.5);
        counter.Value.ShouldBe(2.5);
    }

    [Fact]
    public void Callback_gauges_read_at_scrape_time_skip_bad_rows_and_survive_a_throwing_callback()
    {
        var registry = new MetricRegistry();
        var psi = 0.1;
        var fail = false;
        var gauge = registry.GaugeCallback(
            "model_feature_drift_psi",
            "PSI",
            () => fail ? throw new InvalidOperationException("boom") : [(["iris", "sepal_length"], psi), (["too-few"], 1), (["iris", null!], 2)],
            "model_name",
            "feature");

        registry.ToText().ShouldContain("model_feature_drift_psi{model_name=\"iris\",feature=\"sepal_length\"} 0.1\n");
        psi = 0.3;
        registry.ToText().ShouldContain("feature=\"sepal_length\"} 0.3\n");
        ExpositionParser.Parse(registry.ToText()).Single().Samples.Count.ShouldBe(1);
        gauge.LastError.ShouldBeNull();

        fail = true;
        var text = registry.ToText();
        text.ShouldBe("# HELP model_feature_drift_psi PSI\n# TYPE model_feature_drift_psi gauge\n");
        gauge.LastError.ShouldBeOfType<InvalidOperationException>();
    }

    [Fact]
    public void Bucket_helpers_build_the_documented_sequences()
    {
        Buckets.Exponential(0.001, 2, 4).ShouldBe([0.001, 0.002, 0.004, 0.008]);
        Buckets.Linear(0, 5, 3).ShouldBe([0d, 5d, 10d]);
        Buckets.DefaultSeconds.ShouldBe([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
        Should.Throw<ArgumentOutOfRangeException>(() => Buckets.Exponential(0, 2, 3));
        Should.Throw<ArgumentOutOfRangeException>(() => Buckets.Exponential(1, 1, 3));
        Should.Throw<ArgumentOutOfRangeException>(() => Buckets.Linear(0, 0, 3));
    }
}
