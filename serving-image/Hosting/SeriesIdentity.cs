using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// Which ModelDeployment and which of its revisions this server is: <c>--model-deployment NAME</c>
/// (<c>SERVING_MODEL_DEPLOYMENT</c>) and <c>--model-revision HASH</c> (<c>SERVING_MODEL_REVISION</c>), both optional.
/// Each given one becomes a constant label of every exported series (<c>model_deployment</c>, <c>model_revision</c>),
/// so the operator's analysis tells apart two revisions with the same model version and two ModelDeployments serving
/// the same model and version, with any scrape configuration. Values are Kubernetes names or label values (1–253 characters,
/// letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, starting and ending with a letter or digit); read with the rules of
/// <see cref="ServingOptionsReader"/> (the switch wins over its variable).
/// </summary>
/// <param name="Deployment">The ModelDeployment's name, or null when not given.</param>
/// <param name="Revision">The revision hash (the pod label <c>ml.rollouts.dev/revision</c>), or null when not given.</param>
public sealed partial record SeriesIdentity(string? Deployment, string? Revision)
{
    /// <summary>The exported label that carries <see cref="Deployment"/>.</summary>
    public const string DeploymentLabel = "model_deployment";

    /// <summary>The exported label that carries <see cref="Revision"/>.</summary>
    public const string RevisionLabel = "model_revision";

    /// <summary>Neither given: the series carry only model_name and model_version.</summary>
    public static SeriesIdentity None { get; } = new(null, null);

    /// <summary>The switches read here, without <c>--</c>.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["model-deployment", "model-revision"];

    /// <summary>The constant labels to put on every series (only the given values), label name → value.</summary>
    public IReadOnlyDictionary<string, string> Labels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Deployment is not null)
        {
            labels[DeploymentLabel] = Deployment;
        }

        if (Revision is not null)
        {
            labels[RevisionLabel] = Revision;
        }

        return labels;
    }

    /// <summary>Reads both switches; a value that is not a label value adds one message to <paramref name="problems"/>.</summary>
    public static SeriesIdentity Read(IConfiguration configuration, List<string> problems) =>
        new(LabelValue(configuration, "model-deployment", problems), LabelValue(configuration, "model-revision", problems));

    private static string? LabelValue(IConfiguration configuration, string key, List<string> problems)
    {
        var value = ServingOptionsReader.Text(configuration, key);
        if (value is not null && !LabelValuePattern().IsMatch(value))
        {
            problems.Add($"--{key} ({ServingOptionsReader.EnvironmentVariableFor(key)}): expected a Kubernetes name or label value (1-253 letters, digits, '-', '_' or '.', starting and ending with a letter or digit), got '{value}'");
            return null;
        }

        return value;
    }

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValuePattern();
}
