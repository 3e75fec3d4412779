using System.Text.Json.Nodes;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// Builds an RFC 7386 JSON merge patch that turns <c>old</c> into <c>new</c>: the new document, plus an explicit
/// null for every object member <c>old</c> has and <c>new</c> lacks (recursively); arrays and scalars are replaced.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>The patch from <paramref name="old"/> to <paramref name="updated"/> (both JSON objects; null old: the new document).</summary>
    public static JsonObject Create(JsonObject? old, JsonObject updated)
    {
        var patch = new JsonObject();
        foreach (var (key, value) in updated)
        {
            if (old?[key] is JsonObject oldChild && value is JsonObject newChild)
            {
                patch[key] = Create(oldChild, newChild);
            }
            else
            {
                patch[key] = value?.DeepClone();
            }
        }

        if (old is not null)
        {
            foreach (var (key, _) in old)
            {
                if (!updated.ContainsKey(key))
                {
                    patch[key] = null;
                }
            }
        }

        return patch;
    }
}
