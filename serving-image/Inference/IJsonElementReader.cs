using System.Text.Json;

namespace Rollouts.Serving.Inference;

/// <summary>Reads one JSON token as a tensor element of type <typeparamref name="T"/>, without boxing.</summary>
internal interface IJsonElementReader<T>
{
    /// <summary>False when the token has the wrong JSON type or its value does not fit <typeparamref name="T"/>.</summary>
    static abstract bool TryRead(ref Utf8JsonReader reader, out T value);
}
