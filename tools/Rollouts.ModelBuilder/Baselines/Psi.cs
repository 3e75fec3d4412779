namespace Rollouts.ModelBuilder.Baselines;

/// <summary>
/// Population stability index PSI = Σ (cur_i − ref_i) · ln(cur_i / ref_i) over matching bins, with proportions of 0
/// replaced by 0.0001 — the psi stat test of Evidently (evidently/legacy/calculations/stattests/psi.py), which the
/// serving image also uses. Conventionally &lt; 0.1 is stable and &gt; 0.2 a significant shift.
/// </summary>
public static class Psi
{
    /// <summary>Proportion that stands in for an empty bin.</summary>
    public const double EmptyBinProportion = 0.0001;

    /// <summary>PSI of <paramref name="current"/> against <paramref name="reference"/> (same number of bins).</summary>
    /// <exception cref="ArgumentException">Different bin counts.</exception>
    public static double Compute(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        if (reference.Count != current.Count)
        {
            throw new ArgumentException($"Bin counts differ: {reference.Count} vs {current.Count}.", nameof(current));
        }

        double psi = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            double r = reference[i] == 0 ? EmptyBinProportion : reference[i];
            double c = current[i] == 0 ? EmptyBinProportion : current[i];
            psi += (c - r) * Math.Log(c / r);
        }

        return psi;
    }
}
