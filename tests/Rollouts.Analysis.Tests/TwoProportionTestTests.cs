namespace Rollouts.Analysis.Tests;

/// <summary>
/// The pooled two-proportion z statistic and the normal quantiles against values computed independently with Debian's
/// /usr/bin/python3 (statistics.NormalDist, Python 3.11): <c>p = (p1*n1 + p2*n2) / (n1 + n2)</c>,
/// <c>z = (p1 - p2) / sqrt(p*(1-p)*(1/n1 + 1/n2))</c>, <c>NormalDist().cdf(z)</c>, <c>NormalDist().inv_cdf(c)</c>.
/// </summary>
public sealed class TwoProportionTestTests
{
    [Theory]
    [InlineData(0.80, 200, 0.95, 300, -5.251586656489928, 7.539727958638665e-08)]
    [InlineData(0.93, 200, 0.95, 300, -0.9373055109777609, 0.17430071449154616)]
    [InlineData(0.70, 200, 0.75, 340, -1.266014826113381, 0.10275388713724654)] // also a textbook exercise's answer: -1.266015
    [InlineData(0.97, 150, 0.90, 400, 2.681108715983173, 0.9963310663715518)]
    [InlineData(0.50, 1000, 0.52, 1000, -0.894606130121643, 0.18549883686830398)]
    [InlineData(0.90, 120.5, 0.96, 333.25, -2.4563080914674607, 0.007018637723580523)] // fractional counts, as increase() gives
    public void Z_and_its_lower_tail_match_an_independent_computation(double p1, double n1, double p2, double n2, double z, double p)
    {
        TwoProportionTest.Z(p1, n1, p2, n2).ShouldBe(z, 1e-12);
        TwoProportionTest.LowerTailP(z).ShouldBe(p, Math.Max(1e-12, p * 1e-9));
    }

    [Theory]
    [InlineData(0.90, 1.2815515655446008)]
    [InlineData(0.95, 1.6448536269514715)]
    [InlineData(0.99, 2.3263478740408408)]
    [InlineData(0.999, 3.090232306167813)]
    public void The_critical_value_is_the_normal_quantile_of_the_confidence(double confidence, double critical)
    {
        TwoProportionTest.Critical(confidence).ShouldBe(critical, 1e-9);
    }

    [Fact]
    public void Only_a_z_beyond_the_negated_critical_value_is_significantly_lower()
    {
        TwoProportionTest.SignificantlyLower(-1.7, 0.95).ShouldBeTrue();
        TwoProportionTest.SignificantlyLower(-1.6, 0.95).ShouldBeFalse();
        TwoProportionTest.SignificantlyLower(-1.7, 0.99).ShouldBeFalse();
        TwoProportionTest.SignificantlyLower(5, 0.95).ShouldBeFalse("a better canary never fails a one-sided test");
    }

    [Theory]
    [InlineData(1, 100, 1, 300)]
    [InlineData(0, 100, 0, 300)]
    public void Identical_extreme_proportions_give_zero_not_NaN(double p1, double n1, double p2, double n2)
    {
        TwoProportionTest.Z(p1, n1, p2, n2).ShouldBe(0);
    }

    [Fact]
    public void Out_of_range_arguments_are_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => TwoProportionTest.Z(1.1, 10, 0.5, 10));
        Should.Throw<ArgumentOutOfRangeException>(() => TwoProportionTest.Z(0.5, 0, 0.5, 10));
        Should.Throw<ArgumentOutOfRangeException>(() => TwoProportionTest.Z(0.5, 10, double.NaN, 10));
    }
}
