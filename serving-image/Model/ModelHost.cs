using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Model;

/// <summary>
/// Holds the one model this process serves (name and version from the command line) and its load status;
/// the endpoints read it, the <see cref="ModelLoader"/> fills it. Also holds the process exit code.
/// </summary>
public sealed class ModelHost(ServingOptions options) : IAsyncDisposable
{
    private volatile LoadedModel? model;
    private volatile string? failure;

    /// <summary>The served model name.</summary>
    public string Name { get; } = options.ModelName;

    /// <summary>The served model version.</summary>
    public string Version { get; } = options.ModelVersion;

    /// <summary>The loaded model, or null while loading or after a failure.</summary>
    public LoadedModel? Model => model;

    /// <summary>The current status.</summary>
    public ModelStatus Status => model is not null ? ModelStatus.Ready : failure is not null ? ModelStatus.Failed : ModelStatus.Loading;

    /// <summary>Why loading failed, or null.</summary>
    public string? Failure => failure;

    /// <summary>The exit code the process ends with: 0, or non-zero after a load failure.</summary>
    public int ExitCode { get; private set; }

    /// <summary>Why infer and metadata are refused while no model is ready: <c>model 'm' version '1' is not ready (loading)</c>.</summary>
    public string NotReadyMessage => $"model '{Name}' version '{Version}' is not ready ({Status.ToString().ToLowerInvariant()})";

    /// <summary>
    /// Null when <paramref name="name"/> and <paramref name="version"/> (null or empty: the served one) name the served
    /// model, else the message that says which model this server serves.
    /// </summary>
    public string? Mismatch(string name, string? version) =>
        name != Name ? $"unknown model '{name}': this server serves '{Name}'"
        : !string.IsNullOrEmpty(version) && version != Version ? $"unknown version '{version}' of model '{name}': this server serves version '{Version}'"
        : null;

    /// <summary>Marks the model ready.</summary>
    public void SetReady(LoadedModel loaded) => model = loaded;

    /// <summary>Marks the load failed with <paramref name="message"/> and sets the exit code.</summary>
    public void SetFailed(string message, int exitCode)
    {
        failure = message;
        ExitCode = exitCode;
    }

    /// <summary>Stops the runner and releases the session.</summary>
    public async ValueTask DisposeAsync()
    {
        var loaded = model;
        model = null;
        if (loaded is not null)
        {
            await loaded.Runner.DisposeAsync().ConfigureAwait(false);
            loaded.Session.Dispose();
        }
    }
}
