namespace Rollouts.Serving.Shadow;

/// <summary>
/// Compares the candidate's answer with the stable's (seams S2), output by output by name: <c>Label</c> = every
/// integer/bool/string output equal; <c>Argmax</c> = the argmax over the last axis of every float output equal (and
/// integer outputs equal); <c>Elementwise</c> = every float element within the tolerance (and non-float outputs equal);
/// <c>Auto</c> = Label when the model has a non-float output, else Elementwise. A candidate answer missing one of the
/// stable's outputs is an error; another shape disagrees. The difference is the largest absolute element-wise difference
/// over the float outputs (a NaN on one side only counts as infinite), null when there are none.
/// </summary>
public static class ShadowComparer
{
    /// <summary>The outcome and the largest float difference of one compared pair.</summary>
    public static (ShadowOutcome Outcome, double? Difference) Compare(IReadOnlyList<OutputValues> stable, IReadOnlyList<OutputValues> candidate, CompareMode mode, double tolerance)
    {
        if (mode == CompareMode.Auto)
        {
            mode = stable.Any(o => o.IsLabel) ? CompareMode.Label : CompareMode.Elementwise;
        }

        double? difference = null;
        var agree = true;
        foreach (var mine in stable)
        {
            var theirs = candidate.FirstOrDefault(o => o.Name == mine.Name);
            if (theirs is null || theirs.IsLabel != mine.IsLabel)
            {
                return (ShadowOutcome.Error, null);
            }

            if (!mine.Shape.AsSpan().SequenceEqual(theirs.Shape) || Length(mine) != Length(theirs))
            {
                agree = false;
                continue;
            }

            if (mine.IsLabel)
            {
                agree &= mine.Texts!.AsSpan().SequenceEqual(theirs.Texts);
                continue;
            }

            var largest = Largest(mine.Floats!, theirs.Floats!);
            difference = Math.Max(difference ?? 0, largest);
            agree &= mode switch
            {
                CompareMode.Argmax => SameArgmax(mine, theirs),
                CompareMode.Elementwise => largest <= tolerance,
                _ => true,
            };
        }

        return (agree ? ShadowOutcome.Agree : ShadowOutcome.Disagree, difference);
    }

    private static int Length(OutputValues o) => o.Floats?.Length ?? o.Texts!.Length;

    private static double Largest(double[] a, double[] b)
    {
        var largest = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = double.IsNaN(a[i]) && double.IsNaN(b[i]) ? 0 : double.IsNaN(a[i]) || double.IsNaN(b[i]) ? double.PositiveInfinity : Math.Abs(a[i] - b[i]);
            largest = Math.Max(largest, double.IsNaN(d) ? 0 : d);
        }

        return largest;
    }

    private static bool SameArgmax(OutputValues a, OutputValues b)
    {
        var width = a.Shape.Length == 0 ? a.Floats!.Length : (int)Math.Max(1, a.Shape[^1]);
        for (var row = 0; row + width <= a.Floats!.Length; row += width)
        {
            if (Argmax(a.Floats, row, width) != Argmax(b.Floats!, row, width))
            {
                return false;
            }
        }

        return true;
    }

    private static int Argmax(double[] values, int start, int width)
    {
        var best = 0;
        for (var i = 1; i < width; i++)
        {
            if (values[start + i] > values[start + best])
            {
                best = i;
            }
        }

        return best;
    }
}
