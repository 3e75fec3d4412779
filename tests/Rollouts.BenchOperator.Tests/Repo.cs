namespace Rollouts.BenchOperator.Tests;

internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Rollouts.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("no Rollouts.sln above " + AppContext.BaseDirectory);
    }
}
