namespace Rollouts.Serving.Model;

/// <summary>The model or baseline bytes could not be fetched or did not pass their checks; the message says why.</summary>
public sealed class ModelSourceException : Exception
{
    /// <summary>Creates the exception with a message naming the source and the cause.</summary>
    public ModelSourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying failure.</summary>
    public ModelSourceException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
