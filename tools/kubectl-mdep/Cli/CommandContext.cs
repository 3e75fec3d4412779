using k8s.Exceptions;
using Rollouts.Kube;
using Spectre.Console;

namespace Rollouts.Kubectl.Cli;

/// <summary>What every command needs: where to write, the clock, and how to reach the API.</summary>
internal sealed record CommandContext(IAnsiConsole Console, TextWriter Error, TimeProvider Time, IKubeClientFactory Factory)
{
    /// <summary>
    /// Runs <paramref name="body"/> with a client for <paramref name="options"/>; expected failures (missing object,
    /// API refusal, unusable kubeconfig, unreachable server) become a one-line message and <see cref="ExitCodes.Error"/>.
    /// </summary>
    public async Task<int> RunAsync(GlobalOptions options, Func<IKubeClient, string, Task<int>> body)
    {
        try
        {
            var (client, ns) = Factory.Create(options);
            try
            {
                return await body(client, ns);
            }
            finally
            {
                (client as IDisposable)?.Dispose();
            }
        }
        catch (KubeApiException e)
        {
            await Error.WriteLineAsync($"error: {Describe(e)}");
            return ExitCodes.Error;
        }
        catch (KubeConfigException e)
        {
            await Error.WriteLineAsync($"error: {FirstLine(e.Message)}");
            return ExitCodes.Error;
        }
        catch (HttpRequestException e)
        {
            await Error.WriteLineAsync($"error: cannot reach the API server: {e.Message}");
            return ExitCodes.Error;
        }
        catch (KubernetesClientException e)
        {
            // E.g. an exec credential plugin that failed or printed no credential.
            await Error.WriteLineAsync($"error: {FirstLine(e.Message)}");
            return ExitCodes.Error;
        }
    }

    // KubernetesClient puts a whole exception, stack trace included, into some messages (a failed exec plugin).
    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd();

    private static string Describe(KubeApiException e) => e.Reason switch
    {
        StatusReason.NotFound => e.Status.Message ?? "not found",
        StatusReason.Forbidden => $"forbidden: {e.Status.Message}",
        StatusReason.Unauthorized => "unauthorized: the credentials of the kubeconfig were refused",
        _ => $"{e.Verb} {e.Path}: {e.Code} {e.Status.Message}",
    };
}
