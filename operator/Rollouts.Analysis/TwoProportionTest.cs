using MathNet.Numerics.Distributions;

namespace Rollouts.Analysis;

/// <summary>
/// The one-sided, pooled two-proportion z-test (large-sample normal approximation; NIST/SEMATECH e-Handbook of
/// Statistical Methods, section 7.3.3, comparing the fraction defective of two processes). For proportions
/// <c>p1</c> over <c>n1</c> trials (the canary) and <c>p2</c> over <c>n2</c> (the stable):
/// <c>p = (p1·n1 + p2·n2) / (n1 + n2)</c>, <c>z = (p1 − p2) / sqrt(p·(1 − p)·(1/n1 + 1/n2))</c>. The canary is
/// significantly worse at confidence <c>c</c> when <c>z &lt; −Φ⁻¹(c)</c>, Φ the standard normal distribution
/// (MathNet.Numerics' <see cref="Normal"/>). Counts may be fractional (Prometheus' <c>increase</c>). Pure.
/// </summary>
public static class TwoProportionTest
{
    /// <summary>
    /// The z statistic of <paramref name="p1"/> against <paramref name="p2"/> (see the type); 0 when the pooled
    /// proportion is 0 or 1 (both all correct or all wrong: no evidence of a difference).
    /// </summary>
    /// <param name="p1">First proportion, 0..1.</param>
    /// <param name="n1">Trials behind it, &gt; 0.</param>
    /// <param name="p2">Second proportion, 0..1.</param>
    /// <param name="n2">Trials behind it, &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A proportion outside 0..1 or a count that is not positive.</exception>
    public static double Z(double p1, double n1, double p2, double n2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n2);
        if (p1 is < 0 or > 1 || double.IsNaN(p1))
        {
            throw new ArgumentOutOfRangeException(nameof(p1), p1, "a proportion is from 0 to 1");
        }

        if (p2 is < 0 or > 1 || double.IsNaN(p2))
        {
            throw new ArgumentOutOfRangeException(nameof(p2), p2, "a proportion is from 0 to 1");
        }

        var pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        var variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
        return variance <= 0 ? 0 : (p1 - p2) / Math.Sqrt(variance);
    }

    /// <summary>The critical value <c>Φ⁻¹(confidence)</c> of the one-sided test (1.6449 for 0.95).</summary>
    /// <param name="confidence">Strictly between 0 and 1.</param>
    public static double Critical(double confidence) => Normal.InvCDF(0, 1, confidence);

    /// <summary>The one-sided p-value <c>Φ(z)</c>: the chance of a z this low if both proportions were equal.</summary>
    public static double LowerTailP(double z) => Normal.CDF(0, 1, z);

    /// <summary>Whether the first proportion is significantly below the second at <paramref name="confidence"/>: <c>z &lt; −Φ⁻¹(confidence)</c>.</summary>
    public static bool SignificantlyLower(double z, double confidence) => z < -Critical(confidence);
}
