using Rollouts.Analysis;
using Rollouts.Api;
using Rollouts.Operator.Workloads;

namespace Rollouts.Operator.Planning;

/// <summary>
/// Checks what the CRD schema cannot say (or what a server without the schema would let through), the analysis spec
/// included (<see cref="AnalysisSpecValidator"/>, prefixed <c>spec.analysis: </c>). Pure; the planner turns the list
/// into the InvalidSpec condition.
/// </summary>
public static class SpecValidator
{
    /// <summary>
    /// Errors of <paramref name="spec"/>, empty when it can be used. <paramref name="defaultImage"/> is the operator's
    /// --serving-image; <paramref name="allowedUriPrefixes"/> its --allowed-model-uri-prefixes (null or empty: any URI).
    /// </summary>
    public static IReadOnlyList<string> Validate(ModelDeploymentSpec spec, string? defaultImage, IReadOnlyList<string>? allowedUriPrefixes = null)
    {
        var errors = new List<string>();
        if (spec.Model is null || string.IsNullOrWhiteSpace(spec.Model.Name) || string.IsNullOrWhiteSpace(spec.Model.Version) || string.IsNullOrWhiteSpace(spec.Model.Uri))
        {
            errors.Add("spec.model: name, version and uri are required");
        }
        else
        {
            errors.AddRange(ModelStorage.Validate(spec.Model));
            errors.AddRange(ModelUriPolicy.Check(spec.Model, allowedUriPrefixes));
        }

        if (spec.Serving is null)
        {
            errors.Add("spec.serving is required");
        }
        else
        {
            if (spec.Serving.Replicas < 0)
            {
                errors.Add($"spec.serving.replicas: {spec.Serving.Replicas} is negative");
            }

            if (string.IsNullOrWhiteSpace(spec.Serving.Image) && string.IsNullOrWhiteSpace(defaultImage))
            {
                errors.Add("spec.serving.image is empty and the operator has no --serving-image default");
            }

            if (spec.Serving.Autoscaling is { } hpa && (hpa.MinReplicas < 1 || hpa.MaxReplicas < hpa.MinReplicas))
            {
                errors.Add($"spec.serving.autoscaling: minReplicas ({hpa.MinReplicas}) must be at least 1 and maxReplicas ({hpa.MaxReplicas}) at least minReplicas");
            }
        }

        var strategy = spec.Strategy;
        var usesAnalysis = false;
        if (strategy is null || (strategy.Canary is null) == (strategy.BlueGreen is null))
        {
            errors.Add("spec.strategy: exactly one of canary or blueGreen is required");
        }
        else if (strategy.Canary is { } canary)
        {
            for (var i = 0; i < canary.Steps.Count; i++)
            {
                var step = canary.Steps[i];
                var kinds = (step.SetWeight is null ? 0 : 1) + (step.Pause is null ? 0 : 1) + (step.Analysis is null ? 0 : 1) +
                            (step.Shadow is null ? 0 : 1) + (step.SetHeaderRoute is null ? 0 : 1);
                if (kinds != 1)
                {
                    errors.Add($"spec.strategy.canary.steps[{i}]: exactly one of setWeight, pause, analysis, shadow or setHeaderRoute is required");
                }

                errors.AddRange(StepValidator.Shadow(step.Shadow, $"spec.strategy.canary.steps[{i}].shadow"));
                errors.AddRange(StepValidator.HeaderRoute(step.SetHeaderRoute, spec.TrafficRouting?.GatewayApi, $"spec.strategy.canary.steps[{i}].setHeaderRoute"));

                if (step.SetWeight is < 0 or > 100)
                {
                    errors.Add($"spec.strategy.canary.steps[{i}].setWeight: {step.SetWeight} is not within 0..100");
                }

                if (step.Pause?.Duration is { } d && !Duration.TryParse(d, out _))
                {
                    errors.Add($"spec.strategy.canary.steps[{i}].pause.duration: '{d}' is not a duration (e.g. 30s, 2m, 1h)");
                }

                usesAnalysis |= step.Analysis is not null;
                if (step.Analysis is not null && spec.Analysis is { } analysis &&
                    StepValidator.ChecksAt(analysis, StepsInForce.Shadow(canary.Steps, i) is not null) is { } none)
                {
                    errors.Add($"spec.strategy.canary.steps[{i}].analysis: {none}");
                }
            }

            if (spec.Analysis?.Agreement is not null && !canary.Steps.Any(s => s.Shadow is not null))
            {
                errors.Add("spec.analysis.agreement: needs a shadow step in spec.strategy.canary.steps (agreement compares the copies a shadow sends)");
            }

            if (canary.ScaleDownDelaySeconds is < 0)
            {
                errors.Add($"spec.strategy.canary.scaleDownDelaySeconds: {canary.ScaleDownDelaySeconds} is negative");
            }
        }
        else if (strategy.BlueGreen is { } bg)
        {
            if (bg.PreviewReplicas is < 0 || bg.AutoPromotionSeconds is < 0 || bg.ScaleDownDelaySeconds is < 0)
            {
                errors.Add("spec.strategy.blueGreen: previewReplicas, autoPromotionSeconds and scaleDownDelaySeconds must not be negative");
            }

            usesAnalysis = bg.PrePromotionAnalysis == true || bg.PostPromotionAnalysis == true;
            if (spec.Analysis?.Agreement is not null)
            {
                errors.Add("spec.analysis.agreement: needs a canary strategy with a shadow step; blue-green sends no shadow copies");
            }
        }

        if (usesAnalysis && spec.Analysis is null)
        {
            errors.Add("spec.analysis is required by the analysis steps of spec.strategy");
        }

        if (spec.TrafficRouting?.GatewayApi is { } gw)
        {
            var owned = gw.ParentRefs is { Count: > 0 };
            var existing = !string.IsNullOrWhiteSpace(gw.HttpRoute);
            if (owned == existing)
            {
                errors.Add("spec.trafficRouting.gatewayAPI: exactly one of parentRefs or httpRoute is required");
            }

            if (gw.PathPrefix is { } p && !p.StartsWith('/'))
            {
                errors.Add($"spec.trafficRouting.gatewayAPI.pathPrefix: '{p}' must start with '/'");
            }
        }

        if (spec.ProgressDeadlineSeconds is <= 0)
        {
            errors.Add("spec.progressDeadlineSeconds must be positive");
        }

        if (spec.AbortScaleDownDelaySeconds is < 0)
        {
            errors.Add("spec.abortScaleDownDelaySeconds must not be negative");
        }

        if (spec.Analysis is { } analysisSpec)
        {
            errors.AddRange(AnalysisSpecValidator.Validate(analysisSpec).Select(e => "spec.analysis: " + e));
        }

        return errors;
    }
}
