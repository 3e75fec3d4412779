namespace Rollouts.Metrics.Tests;

public sealed class ExpositionTests
{
    [Fact]
    public void Writes_each_type_in_format_0_0_4()
    {
        var registry = new MetricRegistry();
        var requests = registry.Counter("model_inference_requests_total", "Inference requests by status code.", "model_name", "code");
        var inFlight = registry.Gauge("model_inference_in_flight_requests", "Requests being served.");
        var latency = registry.Histogram("model_inference_request_duration_seconds", "Request latency.", [0.01, 0.1, 1], "model_name");
        requests.WithLabels("iris", "200").Inc();
        requests.WithLabels("iris", "200").Inc(2);
        requests.WithLabels("iris", "500").Inc();
        inFlight.Inc();
        inFlight.Inc();
        inFlight.Dec();
        var iris = latency.WithLabels("iris");
        iris.Observe(0.005);
        iris.Observe(0.1);
        iris.Observe(0.5);
        iris.Observe(3);

        registry.ToText().ShouldBe(
            """
            # HELP model_inference_requests_total Inference requests by status code.
            # TYPE model_inference_requests_total counter
            model_inference_requests_total{model_name="iris",code="200"} 3
            model_inference_requests_total{model_name="iris",code="500"} 1
            # HELP model_inference_in_flight_requests Requests being served.
            # TYPE model_inference_in_flight_requests gauge
            model_inference_in_flight_requests 1
            # HELP model_inference_request_duration_seconds Request latency.
            # TYPE model_inference_request_duration_seconds histogram
            model_inference_request_duration_seconds_bucket{model_name="iris",le="0.01"} 1
            model_inference_request_duration_seconds_bucket{model_name="iris",le="0.1"} 2
            model_inference_request_duration_seconds_bucket{model_name="iris",le="1"} 3
            model_inference_request_duration_seconds_bucket{model_name="iris",le="+Inf"} 4
            model_inference_request_duration_seconds_sum{model_name="iris"} 3.605
            model_inference_request_duration_seconds_count{model_name="iris"} 4

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_line_parses_back_strictly_with_the_values_written()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("jobs_total", "Jobs.", "queue");
        var gauge = registry.Gauge("temperature_celsius", "Temperature.", "room");
        var histogram = registry.Histogram("size_bytes", "Sizes.", Buckets.Exponential(1, 10, 4), "kind");
        registry.GaugeCallback("drift_psi", "PSI.", () => [(["a"], 0.25), (["b"], double.NaN)], "feature");
        counter.WithLabels("fast").Inc(5);
        counter.WithLabels("slow").Inc(0.5);
        gauge.WithLabels("kitchen").Set(-3.25);
        gauge.WithLabels("attic").Set(double.NegativeInfinity);
        foreach (var v in new[] { 0.5, 1, 7, 10, 99, 1000, 5000 })
        {
            histogram.WithLabels("blob").Observe(v);
        }

        var families = ExpositionParser.Parse(registry.ToText());

        families.Select(f => (f.Name, f.Type)).ShouldBe(
            [("jobs_total", "counter"), ("temperature_celsius", "gauge"), ("size_bytes", "histogram"), ("drift_psi", "gauge")]);
        families[0].Samples.Select(s => (s.Label("queue"), s.Value)).ShouldBe([("fast", 5d), ("slow", 0.5)]);
        families[1].Samples.Select(s => (s.Label("room"), s.Value)).ShouldBe([("kitchen", -3.25), ("attic", double.NegativeInfinity)]);
        var buckets = families[2].Samples.Where(s => s.Name == "size_bytes_bucket").Select(s => (s.Label("le"), s.Value)).ToList();
        buckets.ShouldBe([("1", 2d), ("10", 4d), ("100", 5d), ("1000", 6d), ("+Inf", 7d)]);
        families[2].Samples.Single(s => s.Name == "size_bytes_sum").Value.ShouldBe(6117.5);
        families[2].Samples.Single(s => s.Name == "size_bytes_count").Value.ShouldBe(7);
        families[3].Samples.Select(s => s.Label("feature")).ShouldBe(["a", "b"]);
        double.IsNaN(families[3].Samples[1].Value).ShouldBeTrue();
        families.ShouldAllBe(f => f.Help != null);
    }

    [Fact]
    public void Escapes_help_and_label_values_and_the_parser_recovers_the_originals()
    {
        var registry = new MetricRegistry();
        const string Help = "Line one\nback\\slash \"quotes\" stay as they are";
        string[] values = ["C:\\models\\v1", "say \"hi\"", "two\nlines", "ünïcødé ✓", "", "trailing\\"];
        var counter = registry.Counter("escaped_total", Help, "value");
        foreach (var value in values)
        {
            counter.WithLabels(value).Inc();
        }

        var text = registry.ToText();

        text.ShouldContain("# HELP escaped_total Line one\\nback\\\\slash \"quotes\" stay as they are\n");
        text.ShouldContain("escaped_total{value=\"C:\\\\models\\\\v1\"} 1\n");
        text.ShouldContain("escaped_total{value=\"say \\\"hi\\\"\"} 1\n");
        text.ShouldContain("escaped_total{value=\"two\\nlines\"} 1\n");
        var family = ExpositionParser.Parse(text).ShouldHaveSingleItem();
        family.Help.ShouldBe(Help);
        family.Samples.Select(s => s.Label("value")).ShouldBe(values);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(0d, "0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(123456789012d, "123456789012")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(double.Epsilon, "5E-324")]
    [InlineData(-2.5, "-2.5")]
    public void Formats_values_as_prometheus_does_and_round_trips_them(double value, string expected)
    {
        var registry = new MetricRegistry();
        registry.Gauge("g", "g").Set(value);

        var line = registry.ToText().Split('\n')[2];

        line.ShouldBe($"g {expected}");
        var parsed = ExpositionParser.ParseValue(expected, "test");
        if (double.IsNaN(value))
        {
            double.IsNaN(parsed).ShouldBeTrue();
        }
        else
        {
            parsed.ShouldBe(value);
        }
    }

    [Fact]
    public void Shortest_round_trip_formatting_survives_arbitrary_doubles()
    {
        var random = new Random(5);
        var registry = new MetricRegistry();
        var gauge = registry.Gauge("random_values", "r", "i");
        var values = Enumerable.Range(0, 500).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64())).Where(double.IsFinite).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            gauge.WithLabels(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(values[i]);
        }

        var parsed = ExpositionParser.Parse(registry.ToText()).Single().Samples.Select(s => s.Value).ToArray();

        parsed.ShouldBe(values);
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_bounds_are_inclusive_and_nan_lands_in_inf()
    {
        var registry = new MetricRegistry();
        var histogram = registry.Histogram("latency_seconds", "l", [0.1, 0.2, 0.5]);
        foreach (var v in new[] { 0.1, 0.1000001, 0.2, -5, 0.7, double.PositiveInfinity })
        {
            histogram.Observe(v);
        }

        var samples = ExpositionParser.Parse(registry.ToText()).Single().Samples;
        samples.Where(s => s.Name == "latency_seconds_bucket").Select(s => s.Value).ShouldBe([2d, 4d, 4d, 6d]);
        samples.Single(s => s.Name == "latency_seconds_count").Value.ShouldBe(6);
        double.IsPositiveInfinity(samples.Single(s => s.Name == "latency_seconds_sum").Value).ShouldBeTrue();

        histogram.Observe(double.NaN);
        var after = ExpositionParser.Parse(registry.ToText()).Single().Samples;
        after.Where(s => s.Name == "latency_seconds_bucket").Select(s => s.Value).ShouldBe([2d, 4d, 4d, 7d]);
        double.IsNaN(after.Single(s => s.Name == "latency_seconds_sum").Value).ShouldBeTrue();
    }

    [Fact]
    public void Histogram_with_many_buckets_uses_the_same_bucket_rule()
    {
        var bounds = Buckets.Linear(1, 1, 40);
        var registry = new MetricRegistry();
        var histogram = registry.Histogram("wide", "w", bounds);
        for (var v = 0.5; v <= 45; v += 0.5)
        {
            histogram.Observe(v);
        }

        var buckets = ExpositionParser.Parse(registry.ToText()).Single().Samples.Where(s => s.Name == "wide_bucket").ToList();
        for (var i = 0; i < bounds.Length; i++)
        {
            // Values 0.5, 1.0, ... up to and including the bound: 2 per unit.
            buckets[i].Value.ShouldBe(2 * bounds[i], $"le={bounds[i]}");
        }

        buckets[^1].Value.ShouldBe(90);
    }

    [Fact]
    public void Families_without_series_write_only_their_header_and_unlabelled_ones_start_at_zero()
    {
        var registry = new MetricRegistry();
        registry.Counter("labelled_total", "never used", "code");
        registry.Counter("plain_total", "");
        registry.Histogram("h_seconds", "h", [1]);

        registry.ToText().ShouldBe(
            "# HELP labelled_total never used\n# TYPE labelled_total counter\n" +
            "# TYPE plain_total counter\nplain_total 0\n" +
            "# HELP h_seconds h\n# TYPE h_seconds histogram\nh_seconds_bucket{le=\"1\"} 0\nh_seconds_bucket{le=\"+Inf\"} 0\nh_seconds_sum 0\nh_seconds_count 0\n");
        ExpositionParser.Parse(registry.ToText()).Count.ShouldBe(3);
    }

    [Fact]
    public async Task WriteAsync_writes_the_same_utf8_bytes_without_synchronous_io()
    {
        var registry = new MetricRegistry();
        registry.Counter("unicode_total", "ü", "label").WithLabels("✓").Inc();
        using var stream = new AsyncOnlyStream();

        await registry.WriteAsync(stream, CancellationToken.None);

        System.Text.Encoding.UTF8.GetString(stream.ToArray()).ShouldBe(registry.ToText());
        stream.ToArray()[0].ShouldBe((byte)'#'); // no byte-order mark
        MetricRegistry.ContentType.ShouldBe("text/plain; version=0.0.4; charset=utf-8");
        await Should.ThrowAsync<OperationCanceledException>(() => registry.WriteAsync(stream, new CancellationToken(canceled: true)));
    }

    /// <summary>A write-only stream that fails on synchronous writes, as Kestrel's response body does by default.</summary>
    private sealed class AsyncOnlyStream : Stream
    {
        private readonly MemoryStream _inner = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _inner.Length;

        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

        public byte[] ToArray() => _inner.ToArray();

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("synchronous write");

        public override void Write(ReadOnlySpan<byte> buffer) => throw new InvalidOperationException("synchronous write");

        public override void Flush() => throw new InvalidOperationException("synchronous flush");

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _inner.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
