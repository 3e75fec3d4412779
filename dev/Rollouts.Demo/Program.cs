using System.Runtime.InteropServices;
using Rollouts.Demo.View;

namespace Rollouts.Demo;

/// <summary>
/// Entry point of `make demo`. Exit codes: 0 when every scenario ended as expected and no promoted version failed a
/// request, 1 when one did not, 2 for bad arguments or an environment that could not start, 130 when interrupted (Ctrl-C / SIGTERM; everything is stopped).
/// With <c>--up</c> (<c>make up</c>) it runs the environment until SIGTERM or Ctrl-C, then exits 0.
/// </summary>
public static class Program
{
    /// <summary>Runs the demo.</summary>
    public static async Task<int> Main(string[] args)
    {
        var parsed = DemoOptions.Command.Parse(args);
        if (parsed.Errors.Count == 0 && parsed.Action is not null)
        {
            return parsed.Invoke(); // --help or --version
        }

        var (options, error) = DemoCommandLine.Read(parsed);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
            return 2;
        }

        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            cts.Cancel();
        });

        try
        {
            if (options.Up)
            {
                await Up.UpSession.RunAsync(options, Console.WriteLine, cts.Token).ConfigureAwait(false);
                return 0;
            }

            var (results, promoted) = await DemoSession.RunAsync(options, Console.WriteLine, cts.Token).ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine(SummaryTable.Format(results));
            var ok = results.All(r => r.AsExpected);
            var noneDropped = PromotedTraffic.Format(promoted).AllZero;
            Console.WriteLine(ok ? "demo: every scenario ended as expected" : "demo: some scenarios did NOT end as expected (see the table and the logs)");
            Console.WriteLine(noneDropped ? "demo: promoted versions failed no request" : "demo: promoted versions FAILED requests (see the traffic summary)");
            return ok && noneDropped ? 0 : 1;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.WriteLine(options.Up ? "up: stopped; everything it started is stopped" : "demo: interrupted; everything it started is stopped");
            return options.Up ? 0 : 130;
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"demo: {e.Message}").ConfigureAwait(false);
            return 2;
        }
    }
}
