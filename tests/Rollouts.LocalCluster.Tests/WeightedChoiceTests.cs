using Rollouts.LocalCluster.Traffic;

namespace Rollouts.LocalCluster.Tests;

public sealed class WeightedChoiceTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.24, 0)]
    [InlineData(0.25, 1)]
    [InlineData(0.99, 1)]
    public void Picks_by_cumulative_weight(double uniform, int expected) =>
        WeightedChoice.Pick([25, 75], uniform).ShouldBe(expected);

    [Fact]
    public void Never_picks_a_zero_weight()
    {
        for (var u = 0.0; u < 1.0; u += 0.01)
        {
            WeightedChoice.Pick([0, 100, 0], u).ShouldBe(1);
        }
    }

    [Fact]
    public void No_positive_weight_picks_nothing()
    {
        WeightedChoice.Pick([], 0.5).ShouldBe(-1);
        WeightedChoice.Pick([0, -3], 0.5).ShouldBe(-1);
    }

    [Fact]
    public void Split_follows_the_weights_over_many_draws()
    {
        var random = new Random(7);
        var counts = new int[2];
        for (var i = 0; i < 20_000; i++)
        {
            counts[WeightedChoice.Pick([20, 80], random.NextDouble())]++;
        }

        (counts[0] / 20_000.0).ShouldBe(0.2, 0.02);
    }
}
