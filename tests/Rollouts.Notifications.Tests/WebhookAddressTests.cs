namespace Rollouts.Notifications.Tests;

public sealed class WebhookAddressTests
{
    [Theory]
    [InlineData("https://hooks.slack.com/services/T0/B0/secret", "https://hooks.slack.com/…")]
    [InlineData("http://receiver.ops:8080/hook?token=abc", "http://receiver.ops:8080/…")]
    [InlineData("https://user:pw@example.com/", "https://example.com/")]
    [InlineData("https://example.com", "https://example.com/")]
    [InlineData("https://example.com/?k=v", "https://example.com/…")]
    public void Redact_keeps_only_scheme_and_authority(string url, string expected) =>
        WebhookAddress.Redact(new Uri(url)).ShouldBe(expected);

    [Fact]
    public void A_sink_label_is_the_index_and_the_authority() =>
        WebhookAddress.SinkLabel(1, new Uri("http://receiver.ops:8080/hook?token=abc")).ShouldBe("1-receiver.ops:8080");
}
