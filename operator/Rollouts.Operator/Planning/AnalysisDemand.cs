namespace Rollouts.Operator.Planning;

/// <summary>An analysis the current status waits for.</summary>
/// <param name="Purpose">What is judged: <c>canary step N</c> (N = currentStepIndex), <c>pre-promotion</c> or <c>post-promotion</c>.</param>
/// <param name="Revision">Revision hash of the measured revision.</param>
/// <param name="Version">Model version measured.</param>
/// <param name="Shadowing">True when a shadow step is in force at the analysis step (see <c>AnalysisTarget.Shadowing</c>).</param>
public sealed record AnalysisDemand(string Purpose, string Revision, string Version, bool Shadowing = false);
