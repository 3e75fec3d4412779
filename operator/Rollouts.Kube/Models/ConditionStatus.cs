namespace Rollouts.Kube;

/// <summary>The three values of a condition's status.</summary>
public static class ConditionStatus
{
    /// <summary>The condition holds.</summary>
    public const string True = "True";

    /// <summary>The condition does not hold.</summary>
    public const string False = "False";

    /// <summary>Not known.</summary>
    public const string Unknown = "Unknown";
}
