using Rollouts.Api.Model;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// The operator's allow-list of model sources (<c>--allowed-model-uri-prefixes</c>, pure): the model URI and the
/// baseline URI must each start with one of the prefixes (ordinal, case-sensitive: <c>s3://models-prod/</c> does
/// not admit <c>s3://models-prod-copy/</c> when it ends in '/'). An empty list admits every URI.
/// </summary>
public static class ModelUriPolicy
{
    /// <summary>Errors for the URIs of <paramref name="model"/> outside <paramref name="prefixes"/>, each naming the prefixes; none when the list is null or empty.</summary>
    public static IEnumerable<string> Check(ModelSpec model, IReadOnlyList<string>? prefixes)
    {
        if (prefixes is not { Count: > 0 })
        {
            yield break;
        }

        foreach (var (field, uri) in new[] { ("uri", model.Uri), ("baselineUri", model.BaselineUri) })
        {
            if (!string.IsNullOrEmpty(uri) && !prefixes.Any(p => uri.StartsWith(p, StringComparison.Ordinal)))
            {
                yield return $"spec.model.{field}: '{uri}' is outside the operator's allowed model URI prefixes ({string.Join(", ", prefixes)})";
            }
        }
    }
}
