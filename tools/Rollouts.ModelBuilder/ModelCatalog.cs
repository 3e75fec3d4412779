using Rollouts.ModelBuilder.Models;

namespace Rollouts.ModelBuilder;

/// <summary>Builds every sample model, in README order.</summary>
public static class ModelCatalog
{
    /// <summary>iris-v1, iris-v2, iris-broken, iris-slow, iris-skewed.</summary>
    public static IReadOnlyList<BuiltModel> BuildAll(IrisContext context)
    {
        var (v1, v1Accuracy) = IrisV1.Build(context);
        var v2Network = IrisV2.Train(context.Split.Train);
        return
        [
            v1,
            IrisV2.Build(context, v2Network, v1Accuracy),
            IrisBroken.Build(context, v2Network),
            IrisSlow.Build(context, v2Network),
            IrisSkewed.Build(context),
        ];
    }
}
