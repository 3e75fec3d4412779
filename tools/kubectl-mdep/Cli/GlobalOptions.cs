namespace Rollouts.Kubectl.Cli;

/// <summary>The kubectl-style global flags: <c>--kubeconfig</c>, <c>--context</c>, <c>-n/--namespace</c>.</summary>
internal sealed record GlobalOptions(string? Kubeconfig, string? Context, string? Namespace);
