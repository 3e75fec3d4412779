namespace Rollouts.Operator.Planning;

/// <summary>
/// A shadow the plan wants on (seams S1): the stable's pods copy <paramref name="Percent"/> % of their answered
/// requests to the canary revision <paramref name="TargetRevision"/> and compare the answers with
/// <paramref name="Compare"/> (<c>Auto|Label|Argmax|Elementwise</c>) within the absolute <paramref name="Tolerance"/>.
/// Rendered into the <c>&lt;name&gt;-shadow</c> ConfigMap by <see cref="Workloads.ShadowConfigRenderer"/>.
/// </summary>
public sealed record ShadowPlan(string TargetRevision, int Percent, string Compare, double Tolerance)
{
    /// <summary>The comparison when a step names none.</summary>
    public const string DefaultCompare = "Auto";

    /// <summary>The tolerance when a step names none (absolute, unitless).</summary>
    public const double DefaultTolerance = 0.001;
}
