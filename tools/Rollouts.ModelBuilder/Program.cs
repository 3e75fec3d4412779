namespace Rollouts.ModelBuilder;

/// <summary>Entry point of the model builder (placeholder).</summary>
public static class Program
{
    /// <summary>Builds the models.</summary>
    public static int Main() => 0;
}
