using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// The gRPC endpoint's settings: <c>--grpc-port N</c> (<c>SERVING_GRPC_PORT</c>) serves the Open Inference Protocol's
/// <c>inference.GRPCInferenceService</c> over cleartext HTTP/2 (h2c) on port N; off when not given. Read with the rules
/// of <see cref="ServingOptionsReader"/> (the switch wins over the environment variable).
/// </summary>
/// <param name="Port">The h2c port (1–65535), or null when gRPC is off.</param>
public sealed record GrpcOptions(int? Port)
{
    /// <summary>The switches this reader knows, without <c>--</c>.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["grpc-port"];

    /// <summary>Whether the gRPC endpoint is on.</summary>
    public bool Enabled => Port is not null;

    /// <summary>
    /// Reads the options; a bad value adds one message to <paramref name="problems"/> (naming the switch, the environment
    /// variable, what is expected and what came) and leaves gRPC off.
    /// </summary>
    public static GrpcOptions Read(IConfiguration configuration, ICollection<string> problems)
    {
        const string key = "grpc-port";
        var variable = ServingOptionsReader.EnvironmentVariableFor(key);
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            text = configuration[variable];
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new GrpcOptions(Port: null);
        }

        text = text.Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1 || port > 65535)
        {
            problems.Add($"--{key} ({variable}): expected a TCP port from 1 to 65535, got '{text}'");
            return new GrpcOptions(Port: null);
        }

        return new GrpcOptions(port);
    }
}
