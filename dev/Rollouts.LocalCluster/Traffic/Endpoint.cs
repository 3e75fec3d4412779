namespace Rollouts.LocalCluster.Traffic;

/// <summary>A ready pod serving a backend: its name, model version label and address.</summary>
/// <param name="Pod">Pod name.</param>
/// <param name="Version">Value of the pod's <c>ml.rollouts.dev/model-version</c> label ("" when absent).</param>
/// <param name="Address">Base address, e.g. <c>http://127.0.1.3:8080</c>.</param>
public sealed record Endpoint(string Pod, string Version, Uri Address);
