using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Model;
using Rollouts.Api.Serving;
using Rollouts.Api.Strategy;
using Rollouts.Api.Traffic;

namespace Rollouts.Operator.Tests.Planning;

/// <summary>Spec builders for planner tests.</summary>
public static class Specs
{
    public static ModelDeploymentSpec Canary(string version, params CanaryStep[] steps) => new()
    {
        Model = new ModelSpec { Name = "iris", Version = version, Uri = $"file:///models/iris-{version}.onnx" },
        Serving = new ServingSpec { Replicas = 4 },
        Strategy = new StrategySpec { Canary = new CanaryStrategy { Steps = [.. steps] } },
        TrafficRouting = new TrafficRoutingSpec { GatewayApi = new GatewayApiRouting { ParentRefs = [new ParentReference { Name = "public" }] } },
        Analysis = new AnalysisSpec { Interval = "1s", Count = 2, ErrorRate = new ErrorRateCheck { Max = 0.01 } },
        ProgressDeadlineSeconds = 60,
        AbortScaleDownDelaySeconds = 30,
    };

    public static ModelDeploymentSpec BlueGreen(string version, bool pre = false, bool post = false, int? auto = null) => new()
    {
        Model = new ModelSpec { Name = "iris", Version = version, Uri = $"file:///models/iris-{version}.onnx" },
        Serving = new ServingSpec { Replicas = 3 },
        Strategy = new StrategySpec
        {
            BlueGreen = new BlueGreenStrategy { PreviewReplicas = 1, AutoPromotionSeconds = auto, ScaleDownDelaySeconds = 30, PrePromotionAnalysis = pre, PostPromotionAnalysis = post },
        },
        Analysis = new AnalysisSpec { Interval = "1s", Count = 2, ErrorRate = new ErrorRateCheck { Max = 0.01 } },
        ProgressDeadlineSeconds = 60,
    };

    public static CanaryStep Weight(int w) => new() { SetWeight = w };
    public static CanaryStep Pause(string? d = null) => new() { Pause = new PauseStep { Duration = d } };
    public static CanaryStep Analyze() => new() { Analysis = new AnalysisStep() };
    public static CanaryStep Shadow(int percent, string? compare = null, double? tolerance = null) => new() { Shadow = new ShadowStep { Percent = percent, Compare = compare, Tolerance = tolerance } };
    public static CanaryStep Header(string name, string? value = null, string? type = null) => new() { SetHeaderRoute = new HeaderRouteStep { Name = name, Value = value, Type = type } };

    /// <summary><paramref name="spec"/> with replica-ratio routing (no gatewayAPI).</summary>
    public static ModelDeploymentSpec RatioRouted(ModelDeploymentSpec spec) => spec with { TrafficRouting = null };
}
