namespace Rollouts.Shipping.Tests.Support;

/// <summary>How a child process ended: exit code and everything it wrote.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
