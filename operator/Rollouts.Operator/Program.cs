using k8s;
using k8s.Exceptions;
using Microsoft.AspNetCore.Builder;
using Rollouts.Kube;
using Rollouts.Operator.Host;
using Rollouts.Operator.Rollouts;

namespace Rollouts.Operator;

/// <summary>Entry point of the Model Rollouts operator (options: <see cref="OperatorCommandLine"/>).</summary>
public static class Program
{
    /// <summary>Runs the operator until SIGTERM; exit code 2 on bad arguments or configuration, 0 after <c>--help</c> or <c>--version</c>.</summary>
    public static async Task<int> Main(string[] args)
    {
        var parsed = OperatorCommandLine.ParseTokens(args);
        if (parsed.Errors.Count == 0 && parsed.Action is not null)
        {
            return parsed.Invoke(); // --help or --version: the root command has no action of its own
        }

        var (options, error) = OperatorCommandLine.Read(parsed);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
            return 2;
        }

        KubernetesClientConfiguration config;
        try
        {
            config = KubeConfig.Load(options.Kubeconfig, options.Context);
        }
        catch (KubeConfigException e)
        {
            await Console.Error.WriteLineAsync($"cannot load the Kubernetes configuration: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.MetricsAddress);
        builder.Services.AddRolloutsOperator(options, config);
        var app = builder.Build();
        app.MapOperatorEndpoints();
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
