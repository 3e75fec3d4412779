using Rollouts.Testing;

namespace Rollouts.LocalCluster.Tests;

[CollectionDefinition(ControlPlaneFixture.Collection)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>;
