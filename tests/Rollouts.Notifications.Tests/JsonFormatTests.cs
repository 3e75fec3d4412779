using System.Globalization;
using System.Text.Json;
using Rollouts.Notifications.Formats;

namespace Rollouts.Notifications.Tests;

public sealed class JsonFormatTests
{
    private static readonly Guid Id = Guid.Parse("01937a3c-5e00-7000-8000-000000000001");

    private static JsonElement Render(RolloutNotification n) =>
        JsonDocument.Parse(new JsonNotificationFormatter().Render(n, Id)).RootElement.Clone();

    [Fact]
    public void A_rollback_carries_every_field_with_its_measurement()
    {
        var doc = Render(Samples.RolledBack());

        doc.GetProperty("apiVersion").GetString().ShouldBe("notifications.ml.rollouts.dev/v1");
        doc.GetProperty("kind").GetString().ShouldBe("RolloutNotification");
        doc.GetProperty("id").GetGuid().ShouldBe(Id);
        doc.GetProperty("time").GetString().ShouldBe("2026-12-01T10:15:30Z");
        doc.GetProperty("reason").GetString().ShouldBe("RolledBack");
        doc.GetProperty("type").GetString().ShouldBe("Warning");
        doc.GetProperty("outcome").GetString().ShouldBe("failure");
        doc.GetProperty("modelDeployment").GetProperty("namespace").GetString().ShouldBe("ml");
        doc.GetProperty("modelDeployment").GetProperty("name").GetString().ShouldBe("iris");
        doc.GetProperty("model").GetString().ShouldBe("iris");
        doc.GetProperty("stable").GetProperty("version").GetString().ShouldBe("v1");
        doc.GetProperty("stable").GetProperty("revision").GetString().ShouldBe("6d5f7c9b8");
        doc.GetProperty("canary").GetProperty("version").GetString().ShouldBe("v2");
        doc.GetProperty("canary").GetProperty("revision").GetString().ShouldBe("7f8e9d0a1");
        doc.GetProperty("canaryWeight").GetInt32().ShouldBe(0);
        doc.GetProperty("stepIndex").GetInt32().ShouldBe(1);
        doc.GetProperty("phase").GetString().ShouldBe("Degraded");
        doc.GetProperty("message").GetString().ShouldBe("traffic is back on stable v1 (AnalysisFailed: errorRate 0.134 > max 0.01)");
        var m = doc.GetProperty("measurement");
        m.GetProperty("check").GetString().ShouldBe("errorRate");
        m.GetProperty("value").GetDouble().ShouldBe(0.134);
        m.GetProperty("threshold").GetDouble().ShouldBe(0.01);
        m.GetProperty("query").GetString().ShouldBe(Samples.RolledBack().Measurement!.Query);
    }

    [Fact]
    public void Unknown_values_are_null_and_every_member_is_always_present()
    {
        var first = Render(Samples.Started());
        var full = Render(Samples.RolledBack());

        Names(first).ShouldBe(Names(full));
        first.GetProperty("type").GetString().ShouldBe("Normal");
        first.GetProperty("stable").GetProperty("version").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("canary").GetProperty("version").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("canary").GetProperty("revision").GetString().ShouldBe("6d5f7c9b8");
        first.GetProperty("canaryWeight").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("stepIndex").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("measurement").ValueKind.ShouldBe(JsonValueKind.Null);

        static string[] Names(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();
    }

    [Fact]
    public void Times_are_rfc3339_in_utc_with_fractions_only_when_there_are_any()
    {
        var local = new DateTimeOffset(2026, 12, 1, 12, 15, 30, 250, TimeSpan.FromHours(2));
        var time = Render(Samples.Started() with { Time = local }).GetProperty("time").GetString()!;

        time.ShouldBe("2026-12-01T10:15:30.25Z");
        DateTimeOffset.Parse(time, CultureInfo.InvariantCulture).ShouldBe(local);
    }

    [Fact]
    public void A_value_that_is_not_finite_is_written_as_null()
    {
        var n = Samples.RolledBack() with { Measurement = new NotificationMeasurement("latency", double.NaN, double.PositiveInfinity, "q") };
        var m = Render(n).GetProperty("measurement");
        m.GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Null);
        m.GetProperty("threshold").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public void Text_with_quotes_markup_and_non_ascii_round_trips()
    {
        const string message = "model \"iris\" <b>v2</b> → rolled back & done\nsecond line";
        Render(Samples.Started() with { Message = message }).GetProperty("message").GetString().ShouldBe(message);
    }

    [Theory]
    [InlineData("RolledBack", true, RolloutOutcome.Failure)]
    [InlineData("RolloutAborted", true, RolloutOutcome.Failure)]
    [InlineData("AnalysisFailed", true, RolloutOutcome.Failure)]
    [InlineData("ProgressDeadlineExceeded", true, RolloutOutcome.Failure)]
    [InlineData("RolloutCompleted", false, RolloutOutcome.Success)]
    [InlineData("Promoted", false, RolloutOutcome.Success)]
    [InlineData("AnalysisInconclusive", false, RolloutOutcome.Warning)]
    [InlineData("PromoteRefused", true, RolloutOutcome.Warning)]
    [InlineData("RolloutStarted", false, RolloutOutcome.Info)]
    [InlineData("StepCompleted", false, RolloutOutcome.Info)]
    [InlineData("RolloutPaused", false, RolloutOutcome.Info)]
    public void The_outcome_follows_the_reason_then_the_event_type(string reason, bool warning, RolloutOutcome expected)
    {
        RolloutOutcomes.Of(Samples.With(reason, warning)).ShouldBe(expected);
        Render(Samples.With(reason, warning)).GetProperty("outcome").GetString().ShouldBe(RolloutOutcomes.Name(expected));
    }
}
