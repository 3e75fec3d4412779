namespace Rollouts.Analysis;

/// <summary>What an analysis run measures (seams §8).</summary>
/// <param name="Namespace">Namespace of the ModelDeployment (the <c>namespace</c> label of the serving metrics).</param>
/// <param name="DeploymentName">Name of the ModelDeployment ({{name}}).</param>
/// <param name="ModelName">The model name (the <c>model_name</c> label).</param>
/// <param name="Version">The measured version: canary, preview or new active (the <c>model_version</c> label).</param>
/// <param name="StableVersion">The stable version, or null when there is none (first rollout).</param>
/// <param name="Purpose">Why the run exists, e.g. <c>canary step 2</c>, <c>pre-promotion</c>; a new purpose starts a new run.</param>
public sealed record AnalysisTarget(string Namespace, string DeploymentName, string ModelName, string Version, string? StableVersion, string Purpose);
