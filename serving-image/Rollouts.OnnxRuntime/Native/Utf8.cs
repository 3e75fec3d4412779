using System.Text;

namespace Rollouts.OnnxRuntime.Native;

/// <summary>UTF-8 helpers for strings passed to the C API.</summary>
internal static class Utf8
{
    /// <summary>Encodes <paramref name="value"/> as a null-terminated UTF-8 byte array (for cold paths: options, paths).</summary>
    public static byte[] NullTerminated(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }
}
