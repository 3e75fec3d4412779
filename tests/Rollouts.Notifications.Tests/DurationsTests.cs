namespace Rollouts.Notifications.Tests;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h2m5s500ms", 3_725_500)]
    [InlineData("2h", 7_200_000)]
    [InlineData("0s", 0)]
    public void Reads_integer_parts_with_units(string text, double ms)
    {
        Durations.TryParse(text, out var value).ShouldBeTrue();
        value.TotalMilliseconds.ShouldBe(ms);
        Durations.TryParse(Durations.Format(value), out var again).ShouldBeTrue();
        again.ShouldBe(value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("-1s")]
    [InlineData("1.5s")]
    [InlineData("1d")]
    [InlineData("10 s")]
    [InlineData("10S")]
    [InlineData("99999999999999999999h")]
    [InlineData("9223372036854775807ms")]
    public void Refuses_anything_else(string? text) => Durations.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData(250, "250ms")]
    [InlineData(1_500, "1s500ms")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(0, "0s")]
    public void Formats_largest_units_first(double ms, string expected) => Durations.Format(TimeSpan.FromMilliseconds(ms)).ShouldBe(expected);
}
