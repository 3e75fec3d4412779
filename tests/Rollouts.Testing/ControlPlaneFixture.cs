namespace Rollouts.Testing;

/// <summary>
/// xunit collection fixture giving a collection the shared <see cref="ControlPlane"/>. xunit only finds collection
/// definitions in the test assembly itself, so each test project declares one:
/// <code>
/// [CollectionDefinition(ControlPlaneFixture.Collection)]
/// public sealed class ControlPlaneCollection : ICollectionFixture&lt;ControlPlaneFixture&gt;;
/// </code>
/// and marks its classes <c>[Collection(ControlPlaneFixture.Collection)]</c>.
/// </summary>
public sealed class ControlPlaneFixture : IDisposable
{
    /// <summary>The conventional collection name.</summary>
    public const string Collection = "control plane";

    /// <summary>Starts (or shares) the control plane.</summary>
    public ControlPlaneFixture() => ControlPlane = ControlPlane.Acquire();

    /// <summary>The running control plane.</summary>
    public ControlPlane ControlPlane { get; }

    /// <inheritdoc />
    public void Dispose() => ControlPlane.Release();
}
