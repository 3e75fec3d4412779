namespace Rollouts.Kube;

/// <summary>A reconcile failure that retrying cannot fix (e.g. an invalid spec): logged, not requeued.
/// The key is reconciled again only when the object changes.</summary>
public sealed class TerminalReconcileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TerminalReconcileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public TerminalReconcileException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
