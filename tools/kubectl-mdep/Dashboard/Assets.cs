using System.Collections.Concurrent;

namespace Rollouts.Kubectl.Dashboard;

/// <summary>The page's files, embedded in the plugin (EmbeddedResource <c>dashboard/NAME</c>, from Dashboard/Assets/).</summary>
internal static class Assets
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The text of <paramref name="name"/> (e.g. <c>app.js</c>).</summary>
    /// <exception cref="FileNotFoundException">No such embedded file (a build without the assets).</exception>
    public static string Read(string name) => Cache.GetOrAdd(name, n =>
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream($"dashboard/{n}") ?? throw new FileNotFoundException($"embedded dashboard file {n} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
