using Rollouts.Testing;

namespace Rollouts.Shipping.Tests;

[CollectionDefinition(ControlPlaneFixture.Collection)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>;
