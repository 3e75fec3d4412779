using Rollouts.Analysis.Prometheus;

namespace Rollouts.Analysis.Tests;

public sealed class PrometheusResponseParserTests
{
    private static string Vector(params string[] values) =>
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + string.Join(",", values.Select((v, i) => $"{{\"metric\":{{\"pod\":\"p{i}\"}},\"value\":[1700000000.123,\"{v}\"]}}"))
        + "]}}";

    [Theory]
    [InlineData("0.25", QueryOutcome.Number, 0.25)]
    [InlineData("1e-3", QueryOutcome.Number, 0.001)]
    [InlineData("NaN", QueryOutcome.NaN, double.NaN)]
    [InlineData("+Inf", QueryOutcome.PositiveInfinity, double.PositiveInfinity)]
    [InlineData("-Inf", QueryOutcome.NegativeInfinity, double.NegativeInfinity)]
    public void A_one_series_vector_is_one_value_classified(string text, QueryOutcome outcome, double value)
    {
        var result = PrometheusResponseParser.Parse(Vector(text));
        result.Outcome.ShouldBe(outcome);
        result.Value.ShouldBe(value);
        result.SeriesCount.ShouldBe(1);
    }

    [Fact]
    public void An_empty_vector_is_Empty()
    {
        PrometheusResponseParser.Parse(Vector()).ShouldBe(QueryResult.Empty);
    }

    [Fact]
    public void Several_series_are_MultipleSeries_with_their_count()
    {
        var result = PrometheusResponseParser.Parse(Vector("1", "2", "3"));
        result.Outcome.ShouldBe(QueryOutcome.MultipleSeries);
        result.SeriesCount.ShouldBe(3);
    }

    [Fact]
    public void A_scalar_is_one_value()
    {
        var result = PrometheusResponseParser.Parse("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"-Inf\"]}}");
        result.Outcome.ShouldBe(QueryOutcome.NegativeInfinity);
    }

    [Theory]
    [InlineData("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 3\"}", "Prometheus bad_data: parse error at char 3")]
    [InlineData("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}", "unsupported result type 'matrix'")]
    [InlineData("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"x\"]}}", "unsupported result type 'string'")]
    [InlineData("<html>proxy error</html>", "unreadable Prometheus response")]
    [InlineData("{\"status\":\"success\"}", "unreadable Prometheus response")]
    [InlineData("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"abc\"]}]}}", "unreadable Prometheus response")]
    [InlineData("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"histogram\":[1,{}]}]}}", "native histograms are not supported")]
    public void Errors_and_bad_bodies_are_Error_results_not_exceptions(string body, string expected)
    {
        var result = PrometheusResponseParser.Parse(body);
        result.Outcome.ShouldBe(QueryOutcome.Error);
        result.Error.ShouldNotBeNull().ShouldContain(expected);
    }
}
