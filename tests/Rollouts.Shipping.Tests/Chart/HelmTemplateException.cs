namespace Rollouts.Shipping.Tests.Chart;

/// <summary>The chart did not render.</summary>
public sealed class HelmTemplateException(string message) : Exception(message);
