namespace Rollouts.Serving.Model;

/// <summary>
/// Decides whether a model's external data (tensors stored in files beside the model, found by
/// <see cref="ExternalTensorScanner"/>) may be read, before any session is created: only for a model loaded from a file,
/// only from regular files inside that file's folder, after following every symbolic link (POSIX resolution: a link's
/// target, then <c>..</c> from there). Absolute locations, ONNX Runtime's in-memory marker <c>*/_ORT_MEM_ADDR_/*</c>,
/// and anything that resolves outside the folder are refused. ONNX Runtime 1.31.1 refuses absolute and escaping
/// locations on its own too, but only relative to a folder it knows (for a model given as bytes it falls back to the
/// process's working directory) and with messages that change between versions; this check states the rule once.
/// The model's SHA-256 (<c>--model-sha256</c>) covers the model file only, not its external data files.
/// </summary>
public static class ExternalDataCheck
{
    private const string OrtMemoryMarker = "_ORT_MEM_ADDR_";
    private const int MaxLinks = 40;

    /// <summary>
    /// Null when every external tensor may be read; otherwise why not, naming the tensor, the location as written, what
    /// it resolves to and the folder.
    /// </summary>
    /// <param name="tensors">The model's external tensors.</param>
    /// <param name="modelFolder">The folder of the model file, or null when the model was downloaded.</param>
    /// <param name="modelUri">The model's URI as configured, for the message.</param>
    public static string? Refusal(IReadOnlyList<ExternalTensor> tensors, string? modelFolder, string modelUri)
    {
        if (tensors.Count == 0)
        {
            return null;
        }

        if (modelFolder is null)
        {
            var first = tensors[0];
            return $"model '{modelUri}' keeps tensor '{first.Name}' in external data file '{first.Location}'; external data is read only " +
                "from the folder of a model loaded from a file path, not for a download: put the model and its data files in one folder and load it by path";
        }

        var folder = Resolve(Path.GetFullPath(modelFolder)) ?? Path.GetFullPath(modelFolder);
        foreach (var tensor in tensors)
        {
            if (Refusal(tensor, folder, modelUri) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    private static string? Refusal(ExternalTensor tensor, string folder, string modelUri)
    {
        var what = $"tensor '{tensor.Name}' of model '{modelUri}'";
        var location = tensor.Location;
        if (string.IsNullOrEmpty(location))
        {
            return $"{what} is marked as external data (data_location EXTERNAL) but names no 'location'";
        }

        if (location.Contains('\0', StringComparison.Ordinal))
        {
            return $"{what} names an external data location with a NUL character";
        }

        if (location.Contains(OrtMemoryMarker, StringComparison.Ordinal))
        {
            return $"{what} names ONNX Runtime's in-memory marker '{location}' as its external data location, which a model file may not use";
        }

        if (Path.IsPathRooted(location))
        {
            return $"{what} reads external data from the absolute path '{location}'; external data must be a path relative to the model's folder '{folder}'";
        }

        var resolved = Resolve(folder + Path.DirectorySeparatorChar + location);
        if (resolved is not null && !resolved.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return $"{what} reads external data from '{location}', which resolves to '{resolved}', outside the model's folder '{folder}'";
        }

        return resolved is null || !File.Exists(resolved)
            ? $"{what} reads external data from '{location}', which is not a file in the model's folder '{folder}'"
            : null;
    }

    /// <summary>
    /// The absolute path with every symbolic link followed, component by component (as the kernel resolves a path: a
    /// <c>..</c> after a link climbs from the link's target); null when a component does not exist or links loop.
    /// </summary>
    private static string? Resolve(string absolute, int links = 0)
    {
        var current = Path.GetPathRoot(absolute) ?? "/";
        var parts = absolute[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    return null;
                }

                var linked = Resolve(Path.IsPathRooted(target) ? target : Path.Join(current, target), links);
                if (linked is null)
                {
                    return null;
                }

                current = linked;
            }
            else if (info.Exists || Directory.Exists(next))
            {
                current = next;
            }
            else
            {
                return null;
            }
        }

        return current;
    }
}
