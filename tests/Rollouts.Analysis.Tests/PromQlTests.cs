using Rollouts.Analysis.Queries;

namespace Rollouts.Analysis.Tests;

public sealed class PromQlTests
{
    [Theory]
    [InlineData("2.0.0", "2.0.0")]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("line\nbreak", "line\\nbreak")]
    [InlineData("cr\rtab\t", "cr\\rtab\\t")]
    [InlineData("bell\u0007del\u007f", "bell\\x07del\\x7f")]
    [InlineData("\\\"", "\\\\\\\"")]
    [InlineData("ünïcode '", "ünïcode '")]
    public void EscapeString_escapes_backslash_quote_and_control_characters(string value, string expected)
    {
        PromQl.EscapeString(value).ShouldBe(expected);
    }

    [Fact]
    public void RevisionSeries_matchers_quote_every_value()
    {
        new RevisionSeries("team-a", "iris\\a", "iris", "x\"y", "5f0c2d9e1a").Matchers().ShouldBe(
            "namespace=\"team-a\",model_deployment=\"iris\\\\a\",model_revision=\"5f0c2d9e1a\",model_name=\"iris\",model_version=\"x\\\"y\"");
    }
}
