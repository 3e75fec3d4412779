using Rollouts.Demo;
using Rollouts.Demo.Scenarios;
using Rollouts.Testing;

namespace Rollouts.E2E.Tests;

/// <summary>
/// One local environment for the whole run (control plane, node agent, Prometheus, operator, traffic) and the demo's
/// scenarios played against it in order, once: <see cref="ResultOfAsync"/> plays every scenario up to the asked one
/// (each builds on the state the previous one left) and memoizes the results, so each test asserts one scenario
/// whatever order xunit runs them in. Timings are shorter than the demo's.
/// </summary>
public sealed class ScenarioFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ScenarioResult> _results = new(StringComparer.Ordinal);
    private readonly List<string> _log = [];
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"rollouts-e2e-{Environment.ProcessId}");
    private DemoRig? _rig;

    /// <summary>The timings of the end-to-end run.</summary>
    public static ScenarioSettings Settings { get; } = new()
    {
        Interval = TimeSpan.FromSeconds(1),
        InitialDelay = TimeSpan.FromSeconds(8),
        Window = TimeSpan.FromSeconds(8),
        Pause = TimeSpan.FromSeconds(2),
        Count = 3,
        MinSamples = 40,
        MinLabels = 30,
        AccuracyWindow = TimeSpan.FromSeconds(16),
        ProgressDeadlineSeconds = 30,
        ScenarioTimeout = TimeSpan.FromMinutes(2),
    };

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        _rig = await DemoRig.StartAsync(
            new DemoOptions
            {
                RepositoryRoot = RepositoryPaths.Root,
                StateDirectory = _state,
                Configuration = config,
                AddressPrefix = "127.0.2",
                RequestsPerSecond = 50,
                Settings = Settings,
            },
            Log,
            CancellationToken.None);
    }

    /// <summary>The result of scenario <paramref name="id"/>, playing the scenarios before it first if needed.</summary>
    public async Task<ScenarioResult> ResultOfAsync(string id)
    {
        await _gate.WaitAsync();
        try
        {
            foreach (var scenario in DemoScenarios.All)
            {
                if (!_results.ContainsKey(scenario.Id))
                {
                    Log($"== scenario {scenario.Id}: {scenario.Title}");
                    _results[scenario.Id] = await _rig!.RunAsync(scenario, CancellationToken.None);
                    Log($"== {scenario.Id}: {_results[scenario.Id].ActualText}");
                }

                if (scenario.Id == id)
                {
                    return _results[id];
                }
            }

            throw new ArgumentException($"no scenario {id}", nameof(id));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The lines logged while scenario <paramref name="id"/> played, from its <c>== scenario</c> line to its outcome line
    /// (empty before it played).
    /// </summary>
    public string TranscriptOf(string id)
    {
        lock (_log)
        {
            var start = _log.FindIndex(l => l.StartsWith($"== scenario {id}:", StringComparison.Ordinal));
            if (start < 0)
            {
                return "";
            }

            var end = _log.FindIndex(start + 1, l => l.StartsWith("== scenario ", StringComparison.Ordinal));
            return string.Join('\n', _log.Skip(start).Take((end < 0 ? _log.Count : end) - start));
        }
    }

    /// <summary>The live-view lines so far and the log locations (for failure messages).</summary>
    public string Transcript()
    {
        lock (_log)
        {
            return string.Join('\n', _log.TakeLast(60)) + $"\n(logs: {Path.Combine(_state, "logs")})";
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }

        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private void Log(string line)
    {
        lock (_log)
        {
            _log.Add(line);
        }
    }
}
