namespace Rollouts.Testing;

/// <summary>
/// Locates the repository and the machine-wide cache that the project's scripts fill
/// (<c>${ROLLOUTS_CACHE:-$HOME/.cache/model-rollouts}</c>: the control-plane build).
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
    /// Path of the <c>libonnxruntime.so</c> the serving server loads: the Microsoft.ML.OnnxRuntime package's
    /// <c>runtimes/linux-x64/native/</c> copy, which <c>dotnet build serving-image</c> places beside the server's assembly.
    /// </summary>
    public static string OnnxRuntimeLibrary =>
        InRepo("serving-image/bin/Debug/net10.0/runtimes/linux-x64/native/libonnxruntime.so");

    /// <summary>
    /// The <c>node_modules</c> folder of the npm test peers (<c>@grpc/grpc-js</c>, <c>@grpc/proto-loader</c>, <c>s3rver</c>)
    /// that <c>dev/install-npm-tools.sh</c> installs from <c>dev/npm-tools/package-lock.json</c>: <c>{Cache}/npm-tools/node_modules</c>.
    /// </summary>
    public static string NpmToolsModules => Path.Combine(Cache, "npm-tools", "node_modules");

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
