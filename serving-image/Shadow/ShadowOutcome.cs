namespace Rollouts.Serving.Shadow;

/// <summary>The <c>outcome</c> of <c>model_shadow_comparisons_total</c> (its label is the lower-case name).</summary>
public enum ShadowOutcome
{
    /// <summary>The candidate's answer agrees with the stable's under the compare mode.</summary>
    Agree,

    /// <summary>It does not.</summary>
    Disagree,

    /// <summary>The candidate answered non-2xx, refused the connection, or gave an unreadable answer.</summary>
    Error,
}
