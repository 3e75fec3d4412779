using Rollouts.Serving.Model;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Drift;

/// <summary>
/// Sliding-window drift against a <see cref="Baseline"/>: per feature and for the prediction, the bin counts of the
/// last N rows (<see cref="BinnedWindow"/>), updated after each Run; PSI (<see cref="Psi"/>) computed only when read
/// (at scrape time). One lock serialises writers (the batch worker, or request threads with batching off) and readers;
/// an update holds it for a few bin lookups per row.
/// </summary>
public sealed class DriftMonitor
{
    private readonly object gate = new();
    private readonly FeatureTracker[] features;
    private readonly PredictionTracker? prediction;

    private DriftMonitor(FeatureTracker[] features, PredictionTracker? prediction)
    {
        this.features = features;
        this.prediction = prediction;
    }

    /// <summary>
    /// Binds the baseline to the model. Returns null with a message when it names an unknown input or output,
    /// a column outside the input, or has malformed edges / proportions.
    /// </summary>
    public static DriftMonitor? TryCreate(Baseline baseline, ModelSignature signature, int window, out string? error)
    {
        error = null;
        var trackers = new FeatureTracker[baseline.Features?.Count ?? 0];
        for (var i = 0; i < trackers.Length; i++)
        {
            var f = baseline.Features![i];
            var input = signature.InputIndex(f.Input);
            if (input < 0)
            {
                error = $"baseline feature '{f.Name}' names input '{f.Input}', which the model does not have";
                return null;
            }

            var shape = signature.Inputs[input].Shape;
            var width = shape.Length <= 1 ? 1 : shape[^1];
            if (f.Index < 0 || (width > 0 && f.Index >= width))
            {
                error = $"baseline feature '{f.Name}' has index {f.Index}, outside input '{f.Input}' {signature.Inputs[input].ShapeText}";
                return null;
            }

            error = CheckBins(f.Name, f.Edges, f.Proportions);
            if (error is not null)
            {
                return null;
            }

            trackers[i] = new FeatureTracker(f, input, new BinnedWindow(f.Proportions.Length, window));
        }

        PredictionTracker? predicted = null;
        if (baseline.Prediction is { } p)
        {
            var output = signature.OutputIndex(p.Output);
            if (output < 0)
            {
                error = $"baseline prediction names output '{p.Output}', which the model does not have";
                return null;
            }

            if (p.Kind == "categorical")
            {
                if (p.Categories is null || p.Categories.Length != p.Proportions?.Length || p.Categories.Length == 0)
                {
                    error = "baseline prediction: 'categories' and 'proportions' must have the same, non-zero length";
                    return null;
                }
            }
            else if (p.Kind == "numeric")
            {
                error = CheckBins("prediction", p.Edges, p.Proportions);
                if (error is not null)
                {
                    return null;
                }
            }
            else
            {
                error = $"baseline prediction kind must be 'categorical' or 'numeric', got '{p.Kind}'";
                return null;
            }

            predicted = new PredictionTracker(p, output, new BinnedWindow(p.Proportions.Length, window));
        }

        return new DriftMonitor(trackers, predicted);
    }

    /// <summary>Adds every row of a finished Run (inputs in model order, all model outputs in model order).</summary>
    public void Observe(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs)
    {
        lock (gate)
        {
            foreach (var f in features)
            {
                var tensor = inputs[f.InputIndex];
                var width = tensor.Shape.Length <= 1 ? 1 : (int)tensor.Shape[^1];
                var length = tensor.Data.Length;
                if (tensor.Data.GetType() == typeof(float[]))
                {
                    var values = (float[])tensor.Data;
                    for (var at = f.Baseline.Index; at < length; at += width)
                    {
                        f.Window.Add(BinIndex.Of(values[at], f.Baseline.Edges));
                    }
                }
                else
                {
                    for (var at = f.Baseline.Index; at < length; at += width)
                    {
                        f.Window.Add(BinIndex.Of(ValueAt(tensor.Data, at), f.Baseline.Edges));
                    }
                }
            }

            if (prediction is { } p && p.OutputIndex < outputs.Count)
            {
                var data = outputs[p.OutputIndex].Data;
                for (var at = 0; at < data.Length; at++)
                {
                    var value = ValueAt(data, at);
                    var bin = p.Baseline.Kind == "numeric" ? BinIndex.Of(value, p.Baseline.Edges!) : Array.IndexOf(p.Baseline.Categories!, value);
                    if (bin >= 0)
                    {
                        p.Window.Add(bin);
                    }
                }
            }
        }
    }

    /// <summary>PSI per feature name over the current window; features with an empty window are left out.</summary>
    public IReadOnlyList<(string Feature, double Psi)> FeaturePsi()
    {
        var result = new List<(string, double)>(features.Length);
        lock (gate)
        {
            foreach (var f in features)
            {
                if (f.Window.Count > 0)
                {
                    result.Add((f.Baseline.Name, Psi.Compute(f.Window.Counts, f.Window.Count, f.Baseline.Proportions)));
                }
            }
        }

        return result;
    }

    /// <summary>PSI of the prediction over the current window, or null without a prediction baseline or rows.</summary>
    public double? PredictionPsi()
    {
        lock (gate)
        {
            return prediction is { } p && p.Window.Count > 0
                ? Psi.Compute(p.Window.Counts, p.Window.Count, p.Baseline.Proportions)
                : null;
        }
    }

    private static string? CheckBins(string name, double[]? edges, double[]? proportions)
    {
        if (edges is null || proportions is null || proportions.Length == 0 || edges.Length != proportions.Length + 1)
        {
            return $"baseline '{name}': 'edges' must have one more entry than 'proportions' (k+1 and k, k ≥ 1)";
        }

        for (var i = 1; i < edges.Length; i++)
        {
            if (!(edges[i] >= edges[i - 1]))
            {
                return $"baseline '{name}': 'edges' must be ascending";
            }
        }

        return null;
    }

    private static double ValueAt(Array data, int index) => Type.GetTypeCode(data.GetType().GetElementType()) switch
    {
        TypeCode.Single => ((float[])data)[index],
        TypeCode.Double => ((double[])data)[index],
        TypeCode.Int64 => ((long[])data)[index],
        TypeCode.Int32 => ((int[])data)[index],
        TypeCode.Int16 => ((short[])data)[index],
        TypeCode.SByte => ((sbyte[])data)[index],
        TypeCode.Byte => ((byte[])data)[index],
        TypeCode.UInt16 => ((ushort[])data)[index],
        TypeCode.UInt32 => ((uint[])data)[index],
        TypeCode.UInt64 => ((ulong[])data)[index],
        TypeCode.Boolean => ((bool[])data)[index] ? 1 : 0,
        _ => double.NaN,
    };

    private sealed record FeatureTracker(BaselineFeature Baseline, int InputIndex, BinnedWindow Window);

    private sealed record PredictionTracker(BaselinePrediction Baseline, int OutputIndex, BinnedWindow Window);
}
