namespace Rollouts.ModelBuilder.Tests;

/// <summary>
/// Repository paths (same rules as Rollouts.Testing.RepositoryPaths, kept local so these tests need neither the
/// Kubernetes foundation nor a control plane).
/// </summary>
internal static class TestPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rollouts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Rollouts.sln not found above {AppContext.BaseDirectory}");
    });

    public static string InRepo(string relative) => Path.GetFullPath(Path.Combine(RootLazy.Value, relative));

    public static string IrisCsv => InRepo("samples/data/iris.csv");

    public static string ModelsDirectory => InRepo("samples/models");
}
