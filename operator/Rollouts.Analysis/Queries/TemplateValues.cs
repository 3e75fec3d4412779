namespace Rollouts.Analysis.Queries;

/// <summary>Values of the template variables of custom queries (unescaped; <see cref="QueryTemplate"/> escapes them).</summary>
/// <param name="Namespace">{{namespace}}: the ModelDeployment's namespace.</param>
/// <param name="Name">{{name}}: the ModelDeployment's name (the model_deployment label).</param>
/// <param name="Model">{{model}}: the model name (the model_name label).</param>
/// <param name="Version">{{version}}: the measured version (the model_version label).</param>
/// <param name="StableVersion">{{stableVersion}}: the stable version, empty when there is none.</param>
/// <param name="Window">{{window}}: the analysis window as a duration (e.g. <c>1m</c>).</param>
/// <param name="Revision">{{revision}}: the measured revision hash (the model_revision label).</param>
/// <param name="StableRevision">{{stableRevision}}: the stable revision hash, empty when there is none.</param>
public sealed record TemplateValues(string Namespace, string Name, string Model, string Version, string StableVersion, string Window, string Revision, string StableRevision);
