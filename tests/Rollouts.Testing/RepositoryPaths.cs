namespace Rollouts.Testing;

/// <summary>
/// Locates the repository and the machine-wide cache that the project's scripts fill
/// (<c>${ROLLOUTS_CACHE:-$HOME/.cache/model-rollouts}</c>: the control-plane build, ONNX Runtime's native library).
/// </summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root: the nearest ancestor of the test assembly's folder holding <c>Rollouts.sln</c>.</summary>
    /// <exception cref="InvalidOperationException">No ancestor holds <c>Rollouts.sln</c>.</exception>
    public static string Root => RootLazy.Value;

    /// <summary>The absolute path of <paramref name="relative"/> (forward slashes) under the repository root.</summary>
    public static string InRepo(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>The machine-wide cache folder used by the project's scripts.</summary>
    public static string Cache =>
        Environment.GetEnvironmentVariable("ROLLOUTS_CACHE") is { Length: > 0 } c
            ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "model-rollouts");

    /// <summary>
    /// Path of <c>libonnxruntime.so.1</c>: <c>ORT_LIBRARY_PATH</c> when set, else the copy that
    /// <c>dev/fetch-onnxruntime.sh</c> (<c>make onnxruntime</c>) unpacks into the cache.
    /// </summary>
    public static string OnnxRuntimeLibrary =>
        Environment.GetEnvironmentVariable("ORT_LIBRARY_PATH") is { Length: > 0 } p
            ? p
            : Path.Combine(Cache, "onnxruntime-1.23.2", "libonnxruntime.so.1");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rollouts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Rollouts.sln not found above {AppContext.BaseDirectory}");
    }
}
