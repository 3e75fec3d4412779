using System.Globalization;
using System.Text.Json;
using Rollouts.Serving.Inference;

namespace Rollouts.Serving.Shadow;

/// <summary>
/// One output of an answer in the form compared: float outputs as doubles, every other type as text (integers in
/// invariant digits, bools as true/false, strings as they are), with the shape.
/// </summary>
/// <param name="Name">The output name.</param>
/// <param name="Shape">Its shape (the request's rows first).</param>
/// <param name="Floats">The values of an FP32/FP64 output, else null.</param>
/// <param name="Texts">The values of any other output, else null.</param>
public sealed record OutputValues(string Name, long[] Shape, double[]? Floats, string[]? Texts)
{
    /// <summary>The stable's own part of each output of <paramref name="outcome"/>, copied out.</summary>
    public static IReadOnlyList<OutputValues> Of(InferenceOutcome outcome)
    {
        var outputs = outcome.Outputs!;
        var values = new OutputValues[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            var tensor = outputs[i];
            var slice = OutputSlice.Of(tensor, outcome);
            var floats = tensor.Data switch
            {
                float[] f => Array.ConvertAll(f.AsSpan(slice.Start, slice.Count).ToArray(), v => (double)v),
                double[] d => d.AsSpan(slice.Start, slice.Count).ToArray(),
                _ => null,
            };
            string[]? texts = null;
            if (floats is null)
            {
                texts = new string[slice.Count];
                for (var k = 0; k < slice.Count; k++)
                {
                    texts[k] = Text(tensor.Data.GetValue(slice.Start + k));
                }
            }

            values[i] = new OutputValues(tensor.Name, slice.Shape, floats, texts);
        }

        return values;
    }

    /// <summary>The outputs of an Open Inference Protocol JSON infer answer; null when it is not one.</summary>
    public static IReadOnlyList<OutputValues>? TryParse(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var values = new List<OutputValues>();
        foreach (var output in outputs.EnumerateArray())
        {
            if (!output.TryGetProperty("name", out var name) || !output.TryGetProperty("datatype", out var datatype) ||
                !output.TryGetProperty("shape", out var shape) || !output.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var dims = shape.EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (datatype.GetString() is "FP32" or "FP64")
            {
                values.Add(new OutputValues(name.GetString()!, dims, [.. data.EnumerateArray().Select(Float)], null));
            }
            else
            {
                values.Add(new OutputValues(name.GetString()!, dims, null, [.. data.EnumerateArray().Select(v => v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString()!,
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => v.GetRawText(),
                })]));
            }
        }

        return values;
    }

    /// <summary>Whether the output is compared as labels (integers, bools, strings).</summary>
    public bool IsLabel => Texts is not null;

    private static double Float(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => throw new FormatException("not a float") }
        : value.GetDouble();

    private static string Text(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}
