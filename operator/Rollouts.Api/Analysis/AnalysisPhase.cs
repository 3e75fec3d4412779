using System.Text.Json.Serialization;

namespace Rollouts.Api.Analysis;

/// <summary>Phase of an analysis run (<c>status.analysis.phase</c>). Every phase but Running is terminal.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnalysisPhase>))]
public enum AnalysisPhase
{
    /// <summary>Measurements are still being taken.</summary>
    Running,

    /// <summary><c>count</c> successful rounds were taken before any limit was crossed: the step may proceed.</summary>
    Successful,

    /// <summary>Failed rounds exceeded failureLimit: the rollout is rolled back.</summary>
    Failed,

    /// <summary>Inconclusive rounds exceeded inconclusiveLimit: the rollout pauses (AnalysisInconclusive), never promotes.</summary>
    Inconclusive,

    /// <summary>Error rounds in a row exceeded consecutiveErrorLimit: the rollout pauses (or rolls back if so configured).</summary>
    Error,
}
