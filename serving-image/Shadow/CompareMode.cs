namespace Rollouts.Serving.Shadow;

/// <summary>How a shadow copy's answer is compared with the stable's (seams S2).</summary>
public enum CompareMode
{
    /// <summary><see cref="Label"/> when the model has an integer, bool or string output, else <see cref="Elementwise"/>.</summary>
    Auto,

    /// <summary>Every integer, bool and string output equal.</summary>
    Label,

    /// <summary>The argmax over the last axis of every float output equal, and integer outputs equal.</summary>
    Argmax,

    /// <summary>Every float element within the tolerance, and non-float outputs equal.</summary>
    Elementwise,
}
