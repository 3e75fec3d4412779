namespace Rollouts.Serving.Hosting;

/// <summary>
/// How the model and the baseline are fetched (<c>--model-uri</c>, <c>--baseline-uri</c>); read by
/// <see cref="FetchOptionsReader"/> with the rules of <see cref="ServingOptionsReader"/>.
/// </summary>
/// <param name="MaxModelBytes">Largest model or baseline in bytes (<c>--max-model-bytes</c>), enforced while reading, not from a declared length.</param>
/// <param name="Timeout">Longest time one fetch may take, every redirect included (<c>--model-fetch-timeout</c>).</param>
/// <param name="DenyPrivate">Whether downloads also refuse loopback and private addresses (<c>--model-fetch-deny-private</c>); link-local and metadata addresses are always refused.</param>
public sealed record FetchOptions(long MaxModelBytes, TimeSpan Timeout, bool DenyPrivate)
{
    /// <summary>The defaults: <see cref="FetchOptionsReader.DefaultMaxModelBytes"/>, <see cref="FetchOptionsReader.DefaultTimeout"/>, private addresses allowed.</summary>
    public static FetchOptions Default { get; } = new(FetchOptionsReader.DefaultMaxModelBytes, FetchOptionsReader.DefaultTimeout, false);
}
