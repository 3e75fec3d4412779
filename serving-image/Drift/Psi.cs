namespace Rollouts.Serving.Drift;

/// <summary>
/// Population Stability Index as in Evidently's <c>psi</c> stat test (evidently/calculations/stattests/psi.py):
/// PSI = Σᵢ (curᵢ − refᵢ) · ln(curᵢ / refᵢ) over bins, with proportions of 0 replaced by 0.0001 so empty bins stay finite.
/// 0.1 is Evidently's default drift threshold.
/// </summary>
public static class Psi
{
    /// <summary>The value used in place of an empty bin's proportion.</summary>
    public const double EmptyBin = 0.0001;

    /// <summary>PSI of current bin counts (<paramref name="counts"/>, summing to <paramref name="total"/>) against reference proportions.</summary>
    public static double Compute(ReadOnlySpan<int> counts, long total, ReadOnlySpan<double> reference)
    {
        var psi = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            var cur = total > 0 ? (double)counts[i] / total : 0;
            var refp = reference[i];
            if (cur == 0)
            {
                cur = EmptyBin;
            }

            if (refp == 0)
            {
                refp = EmptyBin;
            }

            psi += (cur - refp) * Math.Log(cur / refp);
        }

        return psi;
    }
}
