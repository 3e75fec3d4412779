using System.Diagnostics;
using System.Net.Sockets;

namespace Rollouts.Testing;

/// <summary>
/// A real S3-compatible store for tests: s3rver (from <see cref="RepositoryPaths.NpmToolsModules"/>, run by Debian's
/// <c>node</c>) on a free loopback port with a temporary data folder and one bucket created at start. It accepts the
/// access key <see cref="AccessKeyId"/> with the secret <see cref="SecretAccessKey"/> and answers other keys with
/// InvalidAccessKeyId and a wrong secret with SignatureDoesNotMatch. Disposing kills it and deletes the folder; a
/// watchdog kills it if the test host dies.
/// </summary>
public sealed class S3rverServer : IAsyncDisposable
{
    /// <summary>The access key id s3rver accepts.</summary>
    public const string AccessKeyId = "S3RVER";

    /// <summary>The secret s3rver accepts for <see cref="AccessKeyId"/>.</summary>
    public const string SecretAccessKey = "S3RVER";

    private readonly Process process;
    private readonly string directory;

    private S3rverServer(Process process, Uri endpoint, string directory, string bucket)
    {
        this.process = process;
        this.directory = directory;
        Endpoint = endpoint;
        Bucket = bucket;
    }

    /// <summary>The endpoint for <c>AWS_ENDPOINT_URL_S3</c>, e.g. <c>http://127.0.0.1:41234</c> (path-style addressing).</summary>
    public Uri Endpoint { get; }

    /// <summary>The bucket created at start.</summary>
    public string Bucket { get; }

    /// <summary>The store's own log.</summary>
    public string LogPath => Path.Combine(directory, "s3rver.log");

    /// <summary>
    /// The standard AWS environment for this store: <c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_REGION</c>, and the accepted
    /// credentials unless others are given.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment(string accessKeyId = AccessKeyId, string secretAccessKey = SecretAccessKey) =>
        new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_S3"] = Endpoint.ToString().TrimEnd('/'),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = accessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = secretAccessKey,
        };

    /// <summary>Starts s3rver with bucket <paramref name="bucket"/> and waits until it accepts connections (at most 60 s).</summary>
    /// <exception cref="InvalidOperationException">s3rver is not installed or did not start (message carries its log).</exception>
    public static async Task<S3rverServer> StartAsync(string bucket, CancellationToken ct = default)
    {
        var script = Path.Combine(RepositoryPaths.NpmToolsModules, "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} is missing: run dev/install-npm-tools.sh (make deps)");
        }

        var directory = Directory.CreateTempSubdirectory("rollouts-s3rver-").FullName;
        var data = Directory.CreateDirectory(Path.Combine(directory, "data")).FullName;
        for (var attempt = 1; ; attempt++)
        {
            var port = ServingProcess.FreePort();
            var process = ServingProcess.StartOwned("node",
                [script, "-d", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-a", "127.0.0.1", "--configure-bucket", bucket],
                Path.Combine(directory, "s3rver.log"));
            var server = new S3rverServer(process, new Uri($"http://127.0.0.1:{port}/"), directory, bucket);
            if (await server.WaitListeningAsync(port, ct))
            {
                return server;
            }

            var log = ServingProcess.Tail(server.LogPath);
            await ServingProcess.StopOwnedAsync(process);
            process.Dispose();
            if (attempt == 3 || !log.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"s3rver did not start on port {port}. Log:\n{log}");
            }
        }
    }

    /// <summary>Kills the store and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await ServingProcess.StopOwnedAsync(process);
        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private async Task<bool> WaitListeningAsync(int port, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            // The bucket is configured before the server listens, so a connection means the bucket exists.
            if (ServingProcess.Tail(LogPath).Contains("listening", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", port, ct);
                    return true;
                }
                catch (SocketException)
                {
                    // Not yet.
                }
            }

            await Task.Delay(100, ct);
        }

        return false;
    }
}
