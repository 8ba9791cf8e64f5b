namespace Harness.Dashboard.Tests.Support;

/// <summary>The tests over <see cref="LargeStore"/>: one store, filled once, the tests one after another (their timings don't compete).</summary>
[CollectionDefinition(nameof(LargeStoreCollection))]
public sealed class LargeStoreCollection : ICollectionFixture<LargeStore>;
