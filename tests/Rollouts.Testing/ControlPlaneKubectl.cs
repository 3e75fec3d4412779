using System.Diagnostics;
using k8s;
using k8s.Models;
using Rollouts.Kube;

namespace Rollouts.Testing;

/// <summary>kubectl against the shared <see cref="ControlPlane"/> (admin kubeconfig), for manifests and CRDs in YAML.</summary>
public static class ControlPlaneKubectl
{
    /// <summary>Runs <c>kubectl</c> (from <c>$KUBECTL</c>, default <c>kubectl</c> on PATH) with the admin kubeconfig.</summary>
    /// <returns>Standard output.</returns>
    /// <exception cref="InvalidOperationException">kubectl exited non-zero (its stderr is in the message).</exception>
    public static async Task<string> KubectlAsync(this ControlPlane cp, CancellationToken ct, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("KUBECTL") ?? "kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["KUBECONFIG"] = cp.KubeconfigPath;
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start) ?? throw new InvalidOperationException("could not start kubectl");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', args)} failed ({p.ExitCode}): {await stderr.ConfigureAwait(false)}");
        }

        return await stdout.ConfigureAwait(false);
    }

    /// <summary>Server-side applies a YAML manifest file (field manager <c>tests</c>, forced).</summary>
    public static Task<string> ApplyManifestAsync(this ControlPlane cp, string path, CancellationToken ct, string? ns = null) =>
        ns is null
            ? cp.KubectlAsync(ct, "apply", "--server-side", "--force-conflicts", "--field-manager=tests", "-f", path)
            : cp.KubectlAsync(ct, "apply", "--server-side", "--force-conflicts", "--field-manager=tests", "-n", ns, "-f", path);

    /// <summary>Applies a CRD manifest and waits (up to 60 s) until the API server reports it Established.</summary>
    /// <param name="cp">The control plane.</param>
    /// <param name="path">The CRD file, e.g. <c>RepositoryPaths.InRepo("crds/modeldeployments.ml.rollouts.dev.yaml")</c>.</param>
    /// <param name="name">The CRD's name, e.g. <c>modeldeployments.ml.rollouts.dev</c>.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="TimeoutException">Not established in time.</exception>
    public static async Task InstallCrdAsync(this ControlPlane cp, string path, string name, CancellationToken ct)
    {
        await cp.ApplyManifestAsync(path, ct).ConfigureAwait(false);
        await cp.WaitForCrdEstablishedAsync(name, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits (up to 60 s) until the CRD <paramref name="name"/> is Established. Polls the API rather than
    /// <c>kubectl wait</c>: kubectl 1.20 (Debian's) fails at once on a CRD that has no conditions yet.
    /// </summary>
    /// <exception cref="TimeoutException">Not established in time.</exception>
    public static async Task WaitForCrdEstablishedAsync(this ControlPlane cp, string name, CancellationToken ct)
    {
        using var client = cp.CreateAdminClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await client.GetAsync<V1CustomResourceDefinition>(null, name, ct).ConfigureAwait(false))?.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") != true)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"CRD {name} not established within 60 s");
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A bound token of the ServiceAccount <paramref name="ns"/>/<paramref name="name"/> from the TokenRequest API
    /// (<c>serviceaccounts/token</c>, as <c>kubectl create token</c>, which kubectl 1.20 lacks).
    /// </summary>
    /// <param name="cp">The control plane.</param>
    /// <param name="ns">The ServiceAccount's namespace.</param>
    /// <param name="name">The ServiceAccount.</param>
    /// <param name="lifetime">How long the token is valid (the API server may shorten it; at least 10 minutes).</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<string> ServiceAccountTokenAsync(this ControlPlane cp, string ns, string name, TimeSpan lifetime, CancellationToken ct)
    {
        using var api = new Kubernetes(cp.AdminConfiguration);
        var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = (long)lifetime.TotalSeconds } };
        var issued = await api.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, name, ns, cancellationToken: ct).ConfigureAwait(false);
        return issued.Status.Token;
    }
}
