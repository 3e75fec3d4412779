using Rollouts.Testing;

namespace Rollouts.Kubectl.Tests;

[CollectionDefinition(ControlPlaneFixture.Collection)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>;
