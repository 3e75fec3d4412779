namespace Rollouts.LocalCluster.Traffic;

/// <summary>Reads the current traffic split of one model (the data plane's view of the cluster).</summary>
public interface IRoutingSource
{
    /// <summary>The current table; <see cref="RoutingTable.Empty"/> when nothing routes yet.</summary>
    Task<RoutingTable> ReadAsync(CancellationToken ct);
}
