using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Strategy;
using Rollouts.Api.Traffic;
using Rollouts.Operator.Planning;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Planning;

/// <summary>SpecValidator on the shadow and setHeaderRoute steps: each mistake is an InvalidSpec message naming the field.</summary>
public sealed class StepValidationTests
{
    private static IReadOnlyList<string> Errors(ModelDeploymentSpec spec) => SpecValidator.Validate(spec, "serving:test");

    [Fact]
    public void Valid_shadow_and_header_steps_pass()
    {
        Errors(Canary("1.0.0", Shadow(10), Shadow(100, "Elementwise", 0.01), Header("x-user-group", "beta"), Header("x-user-group", "^be.*$", "RegularExpression"), Header("x-user-group"), Weight(50))).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_shadow_percent_outside_1_to_100_is_invalid(int percent)
    {
        Errors(Canary("1.0.0", Shadow(percent))).ShouldBe([$"spec.strategy.canary.steps[0].shadow.percent: {percent} is not within 1..100"]);
    }

    [Fact]
    public void An_unknown_compare_or_a_negative_tolerance_is_invalid()
    {
        Errors(Canary("1.0.0", Shadow(10, "Fuzzy"))).Single().ShouldContain("shadow.compare: 'Fuzzy' is not one of Auto, Label, Argmax, Elementwise");
        Errors(Canary("1.0.0", Shadow(10, null, -1))).Single().ShouldContain("shadow.tolerance");
        Errors(Canary("1.0.0", Shadow(10, null, double.NaN))).Single().ShouldContain("shadow.tolerance");
    }

    [Fact]
    public void A_step_with_two_actions_is_invalid()
    {
        var step = new CanaryStep { SetWeight = 10, Shadow = new ShadowStep { Percent = 10 } };
        Errors(Canary("1.0.0", step)).ShouldBe(["spec.strategy.canary.steps[0]: exactly one of setWeight, pause, analysis, shadow or setHeaderRoute is required"]);
    }

    [Fact]
    public void SetHeaderRoute_is_refused_with_replica_ratio_and_on_a_route_the_operator_does_not_own()
    {
        Errors(RatioRouted(Canary("1.0.0", Header("x-user-group", "beta")))).Single().ShouldContain("replica-ratio routing cannot route by header");
        var existing = Canary("1.0.0", Header("x-user-group", "beta")) with { TrafficRouting = new TrafficRoutingSpec { GatewayApi = new GatewayApiRouting { HttpRoute = "public" } } };
        Errors(existing).Single().ShouldContain("does not add rules to the existing route public");
    }

    [Fact]
    public void A_bad_header_name_type_or_regular_expression_is_invalid()
    {
        Errors(Canary("1.0.0", Header("x user", "beta"))).Single().ShouldContain("setHeaderRoute.name: 'x user' is not an HTTP header name");
        Errors(Canary("1.0.0", Header("x-user-group", "beta", "Prefix"))).Single().ShouldContain("setHeaderRoute.type: 'Prefix'");
        Errors(Canary("1.0.0", Header("x-user-group", "(beta", "RegularExpression"))).Single().ShouldContain("is not a regular expression");
        Errors(Canary("1.0.0", Header("x-user-group", ""))).Single().ShouldContain("setHeaderRoute.value");
    }

    [Fact]
    public void An_analysis_step_at_which_no_check_of_the_spec_applies_is_invalid()
    {
        var agreementOnly = new AnalysisSpec { Agreement = new AgreementCheck() };
        var accuracyOnly = new AnalysisSpec { Accuracy = new AccuracyCheck() };
        var both = new AnalysisSpec { Agreement = new AgreementCheck(), Accuracy = new AccuracyCheck() };
        var analysis = new CanaryStep { Analysis = new AnalysisStep() };

        Errors(Canary("1.0.0", Shadow(10), analysis, Weight(10), analysis) with { Analysis = both }).ShouldBeEmpty();
        Errors(Canary("1.0.0", Shadow(10), analysis, Weight(10), analysis) with { Analysis = agreementOnly })
            .ShouldBe(["spec.strategy.canary.steps[3].analysis: no check of spec.analysis applies without a shadow in force (agreement compares shadow copies, and none are sent here); add accuracy or another check"]);
        Errors(Canary("1.0.0", Shadow(10), analysis) with { Analysis = accuracyOnly }).Single()
            .ShouldStartWith("spec.strategy.canary.steps[1].analysis: no check of spec.analysis applies while a shadow is in force");
    }

    [Fact]
    public void Agreement_without_a_shadow_step_or_with_blue_green_is_invalid()
    {
        var agreement = new AnalysisSpec { Agreement = new AgreementCheck(), ErrorRate = new ErrorRateCheck() };
        Errors(Canary("1.0.0", Weight(10), new CanaryStep { Analysis = new AnalysisStep() }) with { Analysis = agreement })
            .ShouldBe(["spec.analysis.agreement: needs a shadow step in spec.strategy.canary.steps (agreement compares the copies a shadow sends)"]);
        var blueGreen = Canary("1.0.0") with { Strategy = new StrategySpec { BlueGreen = new BlueGreenStrategy { PrePromotionAnalysis = true } }, Analysis = agreement };
        Errors(blueGreen).ShouldContain("spec.analysis.agreement: needs a canary strategy with a shadow step; blue-green sends no shadow copies");
    }
}
