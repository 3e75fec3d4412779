namespace Rollouts.Shipping.Tests.Dashboards;

/// <summary>The extractor the dashboard test relies on finds metrics and only metrics.</summary>
public sealed class PromQlNamesTests
{
    [Fact]
    public void Finds_metrics_not_functions_labels_groupings_or_variables()
    {
        PromQlNames.Of("histogram_quantile(0.99, sum by (le, model_version) (rate(a_seconds_bucket{namespace=~\"$namespace\", code=~\"5..\"}[$__rate_interval]))) / on (x) group_left b_total offset 5m")
            .ShouldBe(["a_seconds_bucket", "b_total"], ignoreOrder: true);
    }

    [Fact]
    public void Label_values_yields_its_metric()
    {
        PromQlNames.Of("label_values(model_inference_requests_total{namespace=~\"$namespace\"}, model_name)").ShouldBe(["model_inference_requests_total"]);
    }

    [Fact]
    public void Comparison_with_numbers_and_bool_yields_only_the_metric()
    {
        PromQlNames.Of("max(x_info) == bool 1 and absent(up == 1e3)").ShouldBe(["x_info", "up"], ignoreOrder: true);
    }
}
