namespace Rollouts.Serving;

/// <summary>Entry point of the inference server (placeholder until the server lands).</summary>
public static class Program
{
    /// <summary>Runs the server.</summary>
    public static int Main() => 0;
}
