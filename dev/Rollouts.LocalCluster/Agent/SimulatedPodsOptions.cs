namespace Rollouts.LocalCluster.Agent;

/// <summary>Settings of <see cref="SimulatedNodeAgent"/> (the KWOK-like mode: pods marked Ready, no processes).</summary>
public sealed record SimulatedPodsOptions
{
    /// <summary>The Node registered and bound to. Default <c>simulated-node</c>.</summary>
    public string NodeName { get; init; } = "simulated-node";

    /// <summary>Namespace whose pods are simulated; null: every namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>First two octets of the pod addresses (<c>PREFIX.0.1</c> … <c>PREFIX.255.254</c>, 65,024 addresses, reused
    /// in turn). Default <c>10.244</c> (not loopback: Endpoints refuse 127.0.0.0/8).</summary>
    public string PodIpPrefix { get; init; } = "10.244";

    /// <summary>The node address reported as hostIP. Default <c>10.0.0.1</c>.</summary>
    public string HostIp { get; init; } = "10.0.0.1";

    /// <summary>Pods handled at once (binds, status writes, deletions); the client's QPS bounds the rate. Default 8.</summary>
    public int Workers { get; init; } = 8;
}
