using System.Security.Cryptography;
using System.Text.Json;
using Rollouts.ModelBuilder.Baselines;
using Rollouts.ModelBuilder.Models;

namespace Rollouts.ModelBuilder.Output;

/// <summary>Writes &lt;out&gt;/&lt;name&gt;/model.onnx and baseline.json (LF line endings, trailing newline).</summary>
public static class ModelWriter
{
    /// <summary>Writes both files of <paramref name="model"/> under <paramref name="outputDirectory"/>.</summary>
    public static WrittenModel Write(string outputDirectory, BuiltModel model)
    {
        string directory = Path.Combine(outputDirectory, model.Name);
        Directory.CreateDirectory(directory);
        string modelPath = Path.Combine(directory, "model.onnx");
        File.WriteAllBytes(modelPath, model.ModelBytes);
        string json = JsonSerializer.Serialize(model.Baseline, BaselineJsonContext.Default.Baseline);
        File.WriteAllText(Path.Combine(directory, "baseline.json"), json.ReplaceLineEndings("\n") + "\n");
        string sha = Convert.ToHexStringLower(SHA256.HashData(model.ModelBytes));
        return new WrittenModel(model, modelPath, model.ModelBytes.LongLength, sha);
    }
}
