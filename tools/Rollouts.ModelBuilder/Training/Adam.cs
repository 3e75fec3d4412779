namespace Rollouts.ModelBuilder.Training;

/// <summary>The Adam optimiser (Kingma &amp; Ba, 2015) for one parameter array: β₁ 0.9, β₂ 0.999, ε 1e-8.</summary>
/// <param name="size">Number of parameters in the array it updates.</param>
internal sealed class Adam(int size)
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;
    private readonly double[] _m = new double[size];
    private readonly double[] _v = new double[size];

    /// <summary>Applies step number <paramref name="t"/> (1-based) to <paramref name="parameters"/> in place.</summary>
    public void Step(double[] parameters, double[] gradient, double learningRate, int t)
    {
        double correction1 = 1 - Math.Pow(Beta1, t);
        double correction2 = 1 - Math.Pow(Beta2, t);
        for (int k = 0; k < parameters.Length; k++)
        {
            _m[k] = (Beta1 * _m[k]) + ((1 - Beta1) * gradient[k]);
            _v[k] = (Beta2 * _v[k]) + ((1 - Beta2) * gradient[k] * gradient[k]);
            parameters[k] -= learningRate * (_m[k] / correction1) / (Math.Sqrt(_v[k] / correction2) + Epsilon);
        }
    }
}
