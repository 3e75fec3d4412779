using Rollouts.ModelBuilder.Models;

namespace Rollouts.ModelBuilder.Tests;

/// <summary>The models built once in-process from the committed CSV (training takes a few seconds).</summary>
public sealed class BuiltCatalog
{
    public BuiltCatalog()
    {
        Context = IrisContext.Load(TestPaths.IrisCsv);
        Models = ModelCatalog.BuildAll(Context).ToDictionary(m => m.Name);
    }

    public IrisContext Context { get; }

    public IReadOnlyDictionary<string, BuiltModel> Models { get; }
}
