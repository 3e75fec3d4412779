namespace Rollouts.ModelBuilder.Data;

/// <summary>One Iris flower: four measurements in cm and its species as a class index.</summary>
/// <param name="Features">sepal_length, sepal_width, petal_length, petal_width (cm), as written in the CSV.</param>
/// <param name="Label">0 setosa, 1 versicolor, 2 virginica.</param>
public sealed record IrisSample(double[] Features, int Label)
{
    /// <summary>The features as the model's FLOAT input row.</summary>
    public float[] ToFloats() => Array.ConvertAll(Features, f => (float)f);
}
