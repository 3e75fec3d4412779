using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// What the authentication, rate limit and metrics port tests share: a temp folder laid out like a mounted Kubernetes
/// Secret (<c>..2026_…/file</c>, <c>..data</c> → it, <c>file</c> → <c>..data/file</c>) whose update is the atomic
/// <c>..data</c> symlink swap the kubelet does, clients with a bearer credential, and a wait on a condition.
/// </summary>
public sealed class AuthHelpers : IDisposable
{
    private int generation;

    public AuthHelpers() => Folder = Directory.CreateTempSubdirectory("rollouts-auth-").FullName;

    public string Folder { get; }

    public const string Infer = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""";

    /// <summary>Writes <paramref name="name"/> as a Secret volume would (first time) or swaps <c>..data</c> to a new version.</summary>
    public string WriteSecret(string name, string content)
    {
        var version = $"..2026_12_01_{++generation:D2}";
        Directory.CreateDirectory(Path.Combine(Folder, version));
        File.WriteAllText(Path.Combine(Folder, version, name), content);
        var data = Path.Combine(Folder, "..data");
        var temp = Path.Combine(Folder, "..data_tmp");
        File.CreateSymbolicLink(temp, version);
        // rename(2) over the old link: the swap is atomic, and the path below never changes.
        Rename(temp, data).ShouldBe(0, $"rename errno {Marshal.GetLastPInvokeError()}");
        var visible = Path.Combine(Folder, name);
        if (!File.Exists(visible))
        {
            File.CreateSymbolicLink(visible, Path.Combine("..data", name));
        }

        return visible;
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string from, string to);

    public static HttpClient Client(Uri address, string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public static async Task<HttpResponseMessage> InferAsync(HttpClient client, string model) =>
        await client.PostAsync($"v2/models/{model}/infer", new StringContent(Infer, Encoding.UTF8, "application/json"));

    public static async Task<HttpStatusCode> StatusAsync(HttpClient client, string model)
    {
        using var response = await InferAsync(client, model);
        return response.StatusCode;
    }

    /// <summary>Polls every 200 ms, up to 60 s, until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not within 60 s: {what}");
            }

            await Task.Delay(200);
        }
    }

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Arguments for an in-process <c>ServingHost.Build</c> of iris-v2 as model "m", plus <paramref name="extra"/>.</summary>
    public static string[] BuildArgs(params string[] extra) =>
        ["--model-name", "m", "--model-uri", TestModels.Sample("iris-v2"), "--urls", "http://127.0.0.1:0", .. extra];

    public static Task<ServingProcess> StartAsync(params string[] args) => ServingProcess.StartAsync("iris-v2", "iris", "2", args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
