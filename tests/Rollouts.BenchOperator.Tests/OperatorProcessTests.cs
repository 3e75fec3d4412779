using System.Text.RegularExpressions;

namespace Rollouts.BenchOperator.Tests;

public sealed class OperatorProcessTests
{
    [Fact]
    public void The_benchmark_starts_the_operator_with_the_images_runtime_settings()
    {
        // The runtime stage's ENV of operator/Dockerfile (continuation lines joined): every DOTNET_ setting there, and
        // none other, is what the benchmark sets, so the figures it prints are the image's.
        var text = File.ReadAllText(Path.Combine(Repo.Root, "operator", "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        var runtimeStage = text[text.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        var image = Regex.Matches(runtimeStage, @"(?m)^ENV\s+(.*)$")
            .SelectMany(env => Regex.Matches(env.Groups[1].Value, @"(\S+?)=(\S+)"))
            .Select(pair => KeyValuePair.Create(pair.Groups[1].Value, pair.Groups[2].Value))
            .Where(pair => pair.Key.StartsWith("DOTNET_", StringComparison.Ordinal))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToList();

        image.ShouldNotBeEmpty();
        OperatorProcess.ImageEnvironment.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList().ShouldBe(image);
    }
}
