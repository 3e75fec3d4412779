using Rollouts.Testing;

namespace Rollouts.LocalCluster.Tests;

/// <summary>Paths of sibling build outputs in the configuration the tests were built in.</summary>
internal static class BuildPaths
{
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string ServingAssembly => RepositoryPaths.InRepo($"serving-image/bin/{Configuration}/net10.0/Rollouts.Serving.dll");
}
