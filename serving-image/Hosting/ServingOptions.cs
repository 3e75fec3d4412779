namespace Rollouts.Serving.Hosting;

/// <summary>
/// The server's settings, bound once at start from the command line (<c>--model-name</c> …) or the matching
/// environment variables (<c>SERVING_MODEL_NAME</c> …); see <see cref="ServingOptionsReader"/>.
/// </summary>
/// <param name="ModelName">Name served under <c>/v2/models/{name}</c>.</param>
/// <param name="ModelVersion">Version served under <c>/v2/models/{name}/versions/{version}</c>.</param>
/// <param name="ModelUri">A file path, a <c>file://</c> URI, an <c>http(s)://</c> URL or an <c>s3://bucket/key</c> URI of the ONNX model.</param>
/// <param name="ModelSha256">Optional lower- or upper-case hex SHA-256 the model bytes must match before use.</param>
/// <param name="BaselineUri">Optional drift baseline (seams §4 JSON), same URI forms as the model.</param>
/// <param name="MaxBatchSize">Most rows per ONNX Runtime Run and per request; 1 turns dynamic batching off.</param>
/// <param name="MaxBatchDelayMicroseconds">Longest wait for more requests to merge, in µs; 0 turns dynamic batching off.</param>
/// <param name="IntraOpThreads">ONNX Runtime intra-op threads; 0 means the container's CPU quota (see <see cref="CgroupCpuLimit"/>).</param>
/// <param name="AllowSpinning">Whether ONNX Runtime's worker threads spin while idle (off by default: it burns shared CPU).</param>
/// <param name="MaxRequestBytes">Largest accepted request body in bytes; larger bodies get 413.</param>
/// <param name="DriftWindow">Rows per feature in the sliding drift window.</param>
public sealed record ServingOptions(
    string ModelName,
    string ModelVersion,
    string ModelUri,
    string? ModelSha256,
    string? BaselineUri,
    int MaxBatchSize,
    int MaxBatchDelayMicroseconds,
    int IntraOpThreads,
    bool AllowSpinning,
    long MaxRequestBytes,
    int DriftWindow)
{
    /// <summary>Whether concurrent requests are merged into one Run (max batch size above 1 and a delay above 0).</summary>
    public bool BatchingEnabled => MaxBatchSize > 1 && MaxBatchDelayMicroseconds > 0;

    /// <summary>How the model and baseline are fetched (<see cref="FetchOptionsReader"/>).</summary>
    public FetchOptions Fetch { get; init; } = FetchOptions.Default;

    /// <summary>Load shedding and rate limiting (<see cref="LimitsOptionsReader"/>); all off by default.</summary>
    public LimitsOptions Limits { get; init; } = LimitsOptions.None;

    /// <summary>Authentication and the metrics port (<see cref="SecurityOptionsReader"/>); all off by default.</summary>
    public SecurityOptions Security { get; init; } = SecurityOptions.None;

    /// <summary>The prediction cache (<see cref="CacheOptions"/>); off by default.</summary>
    public CacheOptions Cache { get; init; } = CacheOptions.None;

    /// <summary>The ModelDeployment and revision every series is labelled with (<see cref="SeriesIdentity"/>); none by default.</summary>
    public SeriesIdentity Identity { get; init; } = SeriesIdentity.None;

    /// <summary>Shadow copies of live requests to a candidate revision (<see cref="ShadowOptions"/>); off by default.</summary>
    public ShadowOptions Shadow { get; init; } = ShadowOptions.None;

    /// <summary>How the server drains on SIGTERM (<see cref="DrainOptions"/>); 5 s by default.</summary>
    public DrainOptions Drain { get; init; } = DrainOptions.Default;
}
