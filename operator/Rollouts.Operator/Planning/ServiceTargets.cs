namespace Rollouts.Operator.Planning;

/// <summary>Which revision each Service selects.</summary>
/// <param name="Primary">Revision behind the stable (blue-green: active) Service.</param>
/// <param name="Secondary">Revision behind the canary (blue-green: preview) Service.</param>
public sealed record ServiceTargets(string Primary, string Secondary);
