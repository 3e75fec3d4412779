namespace Rollouts.Operator;

/// <summary>Entry point of the operator (placeholder until the reconciler lands).</summary>
public static class Program
{
    /// <summary>Runs the operator.</summary>
    public static int Main() => 0;
}
