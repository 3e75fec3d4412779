namespace Rollouts.Serving.Model;

/// <summary>The model or its baseline loaded but cannot be served; the message says why and what to do.</summary>
public sealed class ModelLoadException(string message) : Exception(message);
