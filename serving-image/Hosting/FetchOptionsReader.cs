using Microsoft.Extensions.Configuration;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// Reads <see cref="FetchOptions"/>: <c>--max-model-bytes</c>, <c>--model-fetch-timeout</c>,
/// <c>--model-fetch-deny-private</c> (and their <c>SERVING_…</c> variables; a switch wins).
/// </summary>
public static class FetchOptionsReader
{
    /// <summary>
    /// Default and largest <c>--max-model-bytes</c>: <see cref="Array.MaxLength"/> (2,147,483,591 bytes, just under 2 GiB),
    /// since the model is held in one byte array for ONNX Runtime.
    /// </summary>
    public static readonly long DefaultMaxModelBytes = Array.MaxLength;

    /// <summary>Default <c>--model-fetch-timeout</c>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The switches this reader owns, without <c>--</c>.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["max-model-bytes", "model-fetch-timeout", "model-fetch-deny-private"];

    /// <summary>Reads the options; each bad value adds one message to <paramref name="problems"/> and its default is used.</summary>
    public static FetchOptions Read(IConfiguration configuration, List<string> problems)
    {
        var maxBytes = ServingOptionsReader.Integer(configuration, "max-model-bytes", DefaultMaxModelBytes, 1, Array.MaxLength, problems);
        var timeout = DurationOption.Read(configuration, "model-fetch-timeout", DefaultTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(6), problems);
        var denyPrivate = ServingOptionsReader.Boolean(configuration, "model-fetch-deny-private", problems);
        return new FetchOptions(maxBytes, timeout, denyPrivate);
    }
}
