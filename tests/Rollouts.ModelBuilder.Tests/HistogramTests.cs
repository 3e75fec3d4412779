using Rollouts.ModelBuilder.Baselines;

namespace Rollouts.ModelBuilder.Tests;

public sealed class HistogramTests
{
    [Fact]
    public void Edges_are_equal_width_from_min_to_max_like_numpy_histogram_bin_edges()
    {
        // numpy.histogram_bin_edges([1, 3, 2, 5], bins=4) == [1., 2., 3., 4., 5.]
        Histogram.EqualWidthEdges([1, 3, 2, 5], 4).ShouldBe([1.0, 2.0, 3.0, 4.0, 5.0]);
    }

    [Fact]
    public void Constant_values_get_a_unit_range_around_the_value_like_numpy()
    {
        // numpy.histogram_bin_edges([2, 2], bins=2) == [1.5, 2., 2.5]
        Histogram.EqualWidthEdges([2, 2], 2).ShouldBe([1.5, 2.0, 2.5]);
    }

    [Theory]
    [InlineData(1.0, 0)]
    [InlineData(1.99, 0)]
    [InlineData(2.0, 1)]
    [InlineData(4.5, 3)]
    [InlineData(5.0, 3)] // the last bin is closed
    [InlineData(-7.0, 0)] // below the range counts in the first bin
    [InlineData(9.0, 3)] // above the range counts in the last bin
    public void Bins_are_half_open_except_the_last_and_out_of_range_values_clamp(double value, int bin)
    {
        Histogram.BinOf(value, [1.0, 2.0, 3.0, 4.0, 5.0]).ShouldBe(bin);
    }

    [Fact]
    public void Proportions_count_each_value_once_and_sum_to_one()
    {
        Histogram.Proportions([1, 2, 2, 5], [1.0, 2.0, 3.0, 4.0, 5.0]).ShouldBe([0.25, 0.5, 0, 0.25]);
    }

    [Fact]
    public void No_values_is_a_clear_error()
    {
        Should.Throw<ArgumentException>(() => Histogram.EqualWidthEdges([], 10));
        Should.Throw<ArgumentException>(() => Histogram.EqualWidthEdges([double.NaN], 10));
    }
}
