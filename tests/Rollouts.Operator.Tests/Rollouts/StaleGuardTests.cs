using Rollouts.Kube;
using Rollouts.Operator.Rollouts;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary><see cref="StaleGuard"/> alone: resourceVersions are opaque, compared only for equality.</summary>
public sealed class StaleGuardTests
{
    private static readonly ObjectKey Key = new("ns", "iris");

    [Fact]
    public void Nothing_written_is_never_stale() => new StaleGuard().IsStale(Key, "7").ShouldBeFalse();

    [Fact]
    public void Every_version_written_from_is_stale_until_the_cache_shows_another_then_it_is_forgotten()
    {
        var guard = new StaleGuard();
        guard.WroteFrom(Key, "b-annotated");   // the action consume patched from here
        guard.WroteFrom(Key, "a-consumed");    // the status write patched from here
        guard.IsStale(Key, "b-annotated").ShouldBeTrue();
        guard.IsStale(Key, "a-consumed").ShouldBeTrue();

        // An opaque version that sorts before both (as strings and as numbers would mislead) is simply another: fresh.
        guard.IsStale(Key, "0-status-written").ShouldBeFalse();
        guard.IsStale(Key, "b-annotated").ShouldBeFalse("forgotten once the cache moved on (the cache never goes back)");
    }

    [Theory]
    [InlineData("999", "1000")]
    [InlineData("1000", "999")]
    public void Versions_are_not_compared_by_order(string wroteFrom, string cached)
    {
        var guard = new StaleGuard();
        guard.WroteFrom(Key, wroteFrom);
        guard.IsStale(Key, cached).ShouldBeFalse();
    }

    [Fact]
    public void Objects_are_guarded_apart_and_forgotten()
    {
        var guard = new StaleGuard();
        var other = new ObjectKey("ns", "other");
        guard.WroteFrom(Key, "5");
        guard.IsStale(other, "5").ShouldBeFalse();
        guard.Forget(Key);
        guard.IsStale(Key, "5").ShouldBeFalse();
    }
}
