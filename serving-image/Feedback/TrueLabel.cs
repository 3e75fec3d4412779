namespace Rollouts.Serving.Feedback;

/// <summary>One true label of a feedback request: a JSON integer, or a string (which may spell an integer).</summary>
/// <param name="Integer">The integer value: the JSON integer, or the string when it is an integer's text; else null.</param>
/// <param name="Text">The label as text (a number's JSON text).</param>
public readonly record struct TrueLabel(long? Integer, string Text);
