namespace Rollouts.Serving.Drift;

/// <summary>Holds the drift monitor once the model and baseline are loaded (null without a baseline), for the metrics scrape.</summary>
public sealed class DriftState
{
    private volatile DriftMonitor? monitor;

    /// <summary>The monitor, or null before load or without a baseline.</summary>
    public DriftMonitor? Monitor
    {
        get => monitor;
        set => monitor = value;
    }
}
