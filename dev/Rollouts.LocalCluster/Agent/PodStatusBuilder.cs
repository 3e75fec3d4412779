using System.Globalization;
using System.Text.Json.Nodes;

namespace Rollouts.LocalCluster.Agent;

/// <summary>
/// Builds the <c>status</c> the kubelet would report for a one-container pod (as a merge-patch body for the status
/// subresource): phase (Pending until the container first starts, then Running — restartPolicy Always), podIP,
/// hostIP, startTime, conditions PodScheduled/Initialized/ContainersReady/Ready, and containerStatuses with
/// state/lastState (running, waiting with reason, terminated with exit code).
/// </summary>
public static class PodStatusBuilder
{
    /// <summary>The status object.</summary>
    /// <param name="container">The container's state.</param>
    /// <param name="podIp">The pod address, or null before one is assigned.</param>
    /// <param name="hostIp">The node address.</param>
    /// <param name="startTime">When the agent acknowledged the pod.</param>
    /// <param name="readySince">When Ready last changed (the conditions' lastTransitionTime).</param>
    public static JsonObject Build(ContainerSnapshot container, string? podIp, string hostIp, DateTimeOffset startTime, DateTimeOffset readySince)
    {
        var ready = container.Ready && container.RunningSince is not null;
        var readyText = ready ? "True" : "False";
        var transition = Time(readySince);
        var conditions = new JsonArray
        {
            Condition("Initialized", "True", Time(startTime), null),
            Condition("Ready", readyText, transition, ready ? null : "ContainersNotReady"),
            Condition("ContainersReady", readyText, transition, ready ? null : "ContainersNotReady"),
            Condition("PodScheduled", "True", Time(startTime), null),
        };

        JsonObject state;
        if (container.RunningSince is { } since)
        {
            state = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Time(since) } };
        }
        else
        {
            var waiting = new JsonObject { ["reason"] = container.WaitingReason ?? "ContainerCreating" };
            if (container.WaitingMessage is { } m)
            {
                waiting["message"] = m;
            }

            state = new JsonObject { ["waiting"] = waiting };
        }

        var status = new JsonObject
        {
            ["name"] = container.Name,
            ["image"] = container.Image,
            ["imageID"] = "",
            ["ready"] = ready,
            ["restartCount"] = container.RestartCount,
            ["started"] = container.RunningSince is not null,
            ["state"] = state,
        };
        if (container.LastTermination is { } t)
        {
            status["lastState"] = new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["exitCode"] = t.ExitCode,
                    ["reason"] = t.ExitCode == 0 ? "Completed" : "Error",
                    ["startedAt"] = Time(t.StartedAt),
                    ["finishedAt"] = Time(t.FinishedAt),
                },
            };
        }

        var result = new JsonObject
        {
            ["phase"] = container.EverStarted ? "Running" : "Pending",
            ["hostIP"] = hostIp,
            ["startTime"] = Time(startTime),
            ["conditions"] = conditions,
            ["containerStatuses"] = new JsonArray { status },
        };
        if (podIp is not null)
        {
            result["podIP"] = podIp;
            result["podIPs"] = new JsonArray { new JsonObject { ["ip"] = podIp } };
        }

        return result;
    }

    private static JsonObject Condition(string type, string status, string time, string? reason)
    {
        var c = new JsonObject { ["type"] = type, ["status"] = status, ["lastProbeTime"] = null, ["lastTransitionTime"] = time };
        if (reason is not null)
        {
            c["reason"] = reason;
        }

        return c;
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
