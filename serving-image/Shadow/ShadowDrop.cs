namespace Rollouts.Serving.Shadow;

/// <summary>The <c>reason</c> of <c>model_shadow_dropped_total</c> (its label is the lower-case name).</summary>
public enum ShadowDrop
{
    /// <summary>Already <c>--shadow-max-in-flight</c> copies under way: the copy was not sent.</summary>
    Overloaded,

    /// <summary>The candidate did not answer within <c>--shadow-timeout</c>.</summary>
    Timeout,
}
