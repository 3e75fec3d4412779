namespace Rollouts.Metrics.Tests;

/// <summary>
/// A fact that needs Prometheus' <c>promtool</c> (Debian package <c>prometheus</c>, installed by dev/install-deps.sh);
/// skipped with a message saying so when it is not on the PATH.
/// </summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Promtool.Path is null)
        {
            Skip = "promtool not found on PATH: run dev/install-deps.sh (Debian package 'prometheus') to validate with the real tool";
        }
    }
}
