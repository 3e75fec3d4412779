using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Inference;

/// <summary>One parsed request input: name, element type from its datatype, shape, and flat row-major data.</summary>
/// <param name="Name">The input name as sent.</param>
/// <param name="ElementType">The element type named by the request's <c>datatype</c>.</param>
/// <param name="Shape">The request's shape.</param>
/// <param name="Data">Row-major managed array of the element type's CLR type (float[], long[], string[] …).</param>
public sealed record RequestInput(string Name, TensorElementType ElementType, long[] Shape, Array Data);
