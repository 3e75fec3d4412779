using k8s.Models;
using Rollouts.Kube;

namespace Rollouts.Operator.Planning;

/// <summary>Pure helpers over condition lists (KubernetesClient's <see cref="V1Condition"/>, meta/v1 Condition).</summary>
public static class Conditions
{
    /// <summary>
    /// Returns a copy of <paramref name="conditions"/> with <paramref name="type"/> set. lastTransitionTime changes only
    /// when the status value changes (reason/message updates keep it).
    /// </summary>
    public static List<V1Condition> Set(IReadOnlyList<V1Condition>? conditions, string type, bool status, string reason, string? message, DateTimeOffset now, long generation)
    {
        var list = conditions?.Select(c => c with { }).ToList() ?? [];
        var value = status ? ConditionStatus.True : ConditionStatus.False;
        var i = list.FindIndex(c => c.Type == type);
        var previous = i >= 0 ? list[i] : null;
        var updated = new V1Condition
        {
            Type = type,
            Status = value,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = previous is not null && previous.Status == value && previous.LastTransitionTime != default ? previous.LastTransitionTime : now.UtcDateTime,
        };
        if (i >= 0)
        {
            list[i] = updated;
        }
        else
        {
            list.Add(updated);
        }

        return list;
    }

    /// <summary>The condition of <paramref name="type"/>, or null.</summary>
    public static V1Condition? Find(IReadOnlyList<V1Condition>? conditions, string type) => conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>True when the condition of <paramref name="type"/> is present with status True.</summary>
    public static bool IsTrue(IReadOnlyList<V1Condition>? conditions, string type) => Find(conditions, type)?.Status == ConditionStatus.True;
}
