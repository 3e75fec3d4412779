namespace Rollouts.Serving.Model;

/// <summary>Where the served model stands.</summary>
public enum ModelStatus
{
    /// <summary>Being fetched, loaded or warmed up; infer answers 503.</summary>
    Loading,

    /// <summary>Loaded and warmed up; infer is served.</summary>
    Ready,

    /// <summary>Could not be loaded; the process is stopping with a non-zero exit code.</summary>
    Failed,
}
