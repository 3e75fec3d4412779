namespace Rollouts.LocalCluster.Orchestration;

/// <summary>Finds the repository a local tool runs in (the demo, <c>make up</c>, the operator benchmark).</summary>
public static class RepositoryRoot
{
    /// <summary>The nearest folder at or above <paramref name="start"/> that holds Rollouts.sln; null when there is none.</summary>
    /// <param name="start">Where to start, usually the working directory.</param>
    public static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rollouts.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
