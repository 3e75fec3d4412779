namespace Rollouts.Operator.Traffic;

/// <summary>Traffic cannot be routed as the spec asks (e.g. the referenced HTTPRoute lacks the stable/canary backendRefs).</summary>
public sealed class TrafficRoutingException : Exception
{
    /// <summary>Creates the exception with a message naming the object and what is missing.</summary>
    public TrafficRoutingException(string message)
        : base(message)
    {
    }
}
