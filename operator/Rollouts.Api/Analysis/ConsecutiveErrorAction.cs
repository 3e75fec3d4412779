using System.Text.Json.Serialization;

namespace Rollouts.Api.Analysis;

/// <summary>What the rollout does when an analysis run ends in Error (too many Prometheus errors in a row).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConsecutiveErrorAction>))]
public enum ConsecutiveErrorAction
{
    /// <summary>Pause the rollout (traffic stays where it is) until a person retries or aborts.</summary>
    Pause,

    /// <summary>Roll back to the stable version.</summary>
    Rollback,
}
