namespace Rollouts.Serving.Feedback;

/// <summary>
/// The label a prediction gave each row of its request: integers (an integer or bool label output, or the argmax of a
/// float output's last axis) or strings (a string label output), or none for a model without either (a regression).
/// </summary>
/// <param name="Rows">Rows of the request the prediction answered.</param>
/// <param name="Integers">One label per row when the labels are integers, else null.</param>
/// <param name="Strings">One label per row when the labels are strings, else null.</param>
public sealed record PredictedLabels(int Rows, long[]? Integers, string[]? Strings)
{
    /// <summary>Whether the prediction carries a label per row (feedback can be judged).</summary>
    public bool HasLabels => Integers is not null || Strings is not null;

    /// <summary>Labels of <paramref name="rows"/> rows that cannot be judged (no label output).</summary>
    public static PredictedLabels None(int rows) => new(rows, null, null);
}
