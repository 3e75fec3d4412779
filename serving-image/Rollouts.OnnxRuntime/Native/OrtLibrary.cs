using System.Runtime.InteropServices;

namespace Rollouts.OnnxRuntime.Native;

/// <summary>
/// Finds and loads <c>libonnxruntime.so.1</c>, then walks <c>OrtGetApiBase()</c> → <c>OrtApiBase { GetApi(uint32_t),
/// GetVersionString() }</c> → <c>GetApi(version)</c> to the function table. The library stays loaded for the life of
/// the process (ONNX Runtime does not support being unloaded while its threads and singletons live).
/// </summary>
internal static unsafe class OrtLibrary
{
    /// <summary>The file name searched for when no path is configured.</summary>
    public const string FileName = "libonnxruntime.so.1";

    /// <summary>Environment variable naming the library file.</summary>
    public const string PathVariable = "ORT_LIBRARY_PATH";

    /// <summary>Where <c>dev/fetch-onnxruntime.sh</c> unpacks the library: <c>${ROLLOUTS_CACHE:-~/.cache/model-rollouts}/onnxruntime-1.23.2/</c>.</summary>
    public static string CachedPath
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("ROLLOUTS_CACHE") is { Length: > 0 } c
                ? c
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "model-rollouts");
            return Path.Combine(cache, "onnxruntime-1.23.2", FileName);
        }
    }

    /// <summary>
    /// Loads the library and binds the C API at <paramref name="apiVersion"/>.
    /// Search order: <paramref name="explicitPath"/>; else <c>ORT_LIBRARY_PATH</c>; else <see cref="CachedPath"/> when
    /// the file exists; else the system loader's search for <see cref="FileName"/>. A configured path (explicit or
    /// variable) that fails is an error, never a silent fallback.
    /// </summary>
    /// <exception cref="OrtLibraryException">Not found, not loadable, not an ONNX Runtime library, or no table for the version.</exception>
    public static (OrtApi Api, string Version, string Path) Bind(string? explicitPath, uint apiVersion)
    {
        var (library, path) = Open(explicitPath);
        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var export))
        {
            throw new OrtLibraryException($"'{path}' does not export OrtGetApiBase: it is not an ONNX Runtime library");
        }

        var apiBase = (nint*)((delegate* unmanaged[Cdecl]<nint>)export)();
        if (apiBase == null)
        {
            throw new OrtLibraryException($"OrtGetApiBase() in '{path}' returned null");
        }

        var getApi = (delegate* unmanaged[Cdecl]<uint, nint>)apiBase[0];
        var getVersionString = (delegate* unmanaged[Cdecl]<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((nint)getVersionString()) ?? "unknown";
        var table = getApi(apiVersion);
        if (table == 0)
        {
            throw new OrtLibraryException(
                $"ONNX Runtime {version} at '{path}' has no C API table for version {apiVersion} (GetApi returned null); " +
                $"this binding requests API version {OrtApi.RequestedVersion}, served by ONNX Runtime 1.{OrtApi.RequestedVersion} or later");
        }

        return (new OrtApi(table), version, path);
    }

    private static (nint Library, string Path) Open(string? explicitPath)
    {
        if (explicitPath is { Length: > 0 })
        {
            return (LoadConfigured(explicitPath, "the explicit path"), explicitPath);
        }

        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } fromVariable)
        {
            return (LoadConfigured(fromVariable, PathVariable), fromVariable);
        }

        var cached = CachedPath;
        if (File.Exists(cached))
        {
            return (LoadConfigured(cached, "the project cache"), cached);
        }

        if (NativeLibrary.TryLoad(FileName, out var library))
        {
            return (library, FileName);
        }

        throw new OrtLibraryException(
            $"ONNX Runtime native library not found: {PathVariable} is unset, '{cached}' does not exist and the system " +
            $"loader found no {FileName} (run dev/fetch-onnxruntime.sh, or set {PathVariable})");
    }

    private static nint LoadConfigured(string path, string source)
    {
        if (!File.Exists(path))
        {
            throw new OrtLibraryException($"ONNX Runtime native library not found at '{path}' (from {source})");
        }

        try
        {
            return NativeLibrary.Load(Path.GetFullPath(path));
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new OrtLibraryException($"ONNX Runtime native library at '{path}' (from {source}) could not be loaded: {e.Message}", e);
        }
    }
}
