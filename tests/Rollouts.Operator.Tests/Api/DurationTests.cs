using Rollouts.Api;

namespace Rollouts.Operator.Tests.Api;

public sealed class DurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("0s", 0)]
    [InlineData("1h2m5s500ms", 3_725_500)]
    public void Parses_api_durations(string text, long ms)
    {
        Duration.TryParse(text, out var d).ShouldBeTrue();
        d.TotalMilliseconds.ShouldBe(ms);
        Duration.Parse(Duration.Format(d)).ShouldBe(d);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("10")]
    [InlineData("-1s")]
    [InlineData("1.5s")]
    [InlineData("1d")]
    [InlineData("soon")]
    [InlineData("99999999999999999999h")]
    [InlineData("9223372036854775807ms")]
    [InlineData("10 s")]
    [InlineData("10S")]
    [InlineData("s")]
    public void Refuses_anything_else(string? text)
    {
        Duration.TryParse(text, out _).ShouldBeFalse();
        if (text is not null)
        {
            Should.Throw<FormatException>(() => Duration.Parse(text)).Message.ShouldContain("not a duration");
        }
    }

    [Fact]
    public void Formats_largest_units_first() => Duration.Format(TimeSpan.FromSeconds(3725.5)).ShouldBe("1h2m5s500ms");
}
