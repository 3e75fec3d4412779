using Rollouts.ModelBuilder.Baselines;

namespace Rollouts.ModelBuilder.Tests;

public sealed class PsiTests
{
    [Fact]
    public void Identical_distributions_have_zero_psi()
    {
        Psi.Compute([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]).ShouldBe(0.0);
    }

    [Fact]
    public void Psi_is_the_sum_of_difference_times_log_ratio()
    {
        double expected = ((0.5 - 0.25) * Math.Log(0.5 / 0.25)) + ((0.5 - 0.75) * Math.Log(0.5 / 0.75));

        Psi.Compute([0.25, 0.75], [0.5, 0.5]).ShouldBe(expected, 1e-12);
    }

    [Fact]
    public void Empty_bins_count_as_one_in_ten_thousand()
    {
        double expected = ((1.0 - 0.5) * Math.Log(1.0 / 0.5)) + ((0.0001 - 0.5) * Math.Log(0.0001 / 0.5));

        Psi.Compute([0.5, 0.5], [1.0, 0.0]).ShouldBe(expected, 1e-12);
    }

    [Fact]
    public void Different_bin_counts_are_refused()
    {
        Should.Throw<ArgumentException>(() => Psi.Compute([1.0], [0.5, 0.5]));
    }
}
