namespace Rollouts.Operator.Planning;

/// <summary>Parses the value of the <c>ml.rollouts.dev/action</c> annotation.</summary>
public static class RolloutActionParser
{
    /// <summary>The accepted spellings, in documentation order.</summary>
    public static IReadOnlyList<string> Values { get; } = ["promote", "promote-full", "abort", "retry", "pause", "resume"];

    /// <summary>Parses <paramref name="value"/> (case-insensitive, trimmed); null when it is not one of <see cref="Values"/>.</summary>
    public static RolloutAction? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "promote" => RolloutAction.Promote,
        "promote-full" => RolloutAction.PromoteFull,
        "abort" => RolloutAction.Abort,
        "retry" => RolloutAction.Retry,
        "pause" => RolloutAction.Pause,
        "resume" => RolloutAction.Resume,
        _ => null,
    };
}
