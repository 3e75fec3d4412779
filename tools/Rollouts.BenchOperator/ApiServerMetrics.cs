using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace Rollouts.BenchOperator;

/// <summary>
/// kube-apiserver's own request counter, <c>apiserver_request_total{verb,resource,subresource,…}</c> from its
/// /metrics, read with the admin credentials. v1.20 labels it by verb, group, version, resource, subresource, scope,
/// component, dry_run and code, not by client, so a diff counts every client's requests (the operator's,
/// kube-controller-manager's, and the benchmark's own, which therefore polls nothing inside a measured window).
/// </summary>
public sealed class ApiServerMetrics : IDisposable
{
    /// <summary>The counter read.</summary>
    public const string Counter = "apiserver_request_total";

    private readonly HttpClient _http;
    private readonly Uri _metrics;

    /// <summary>A reader for the API server of <paramref name="config"/> (bearer token, CA from the kubeconfig).</summary>
    public ApiServerMetrics(KubernetesClientConfiguration config)
    {
        var handler = new SocketsHttpHandler();
        var ca = config.SslCaCerts;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => Trusted(cert, errors, ca);
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.AccessToken);
        _metrics = new Uri(new Uri(config.Host.TrimEnd('/') + "/"), "metrics");
    }

    /// <summary>One reading: request count per <see cref="RequestCounts.Key"/>, summed over the other labels.</summary>
    public async Task<IReadOnlyDictionary<string, double>> ReadAsync(CancellationToken ct)
    {
        var page = await _http.GetStringAsync(_metrics, ct).ConfigureAwait(false);
        return PrometheusText.Samples(page, Counter)
            .GroupBy(s => RequestCounts.Key(s.Labels.GetValueOrDefault("verb") ?? "", s.Labels.GetValueOrDefault("resource"), s.Labels.GetValueOrDefault("subresource")))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
    }

    /// <summary>The requests between two readings taken <paramref name="seconds"/> apart.</summary>
    public static RequestCounts Diff(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, double seconds) =>
        new(after.ToDictionary(kv => kv.Key, kv => (long)Math.Round(kv.Value - before.GetValueOrDefault(kv.Key))).Where(kv => kv.Value > 0).ToDictionary(), seconds);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static bool Trusted(X509Certificate? cert, SslPolicyErrors errors, X509Certificate2Collection? ca)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (cert is null || ca is null || ca.Count == 0 || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(cert);
        return chain.Build(leaf);
    }
}
