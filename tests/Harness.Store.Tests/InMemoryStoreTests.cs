namespace Harness.Store.Tests;

/// <summary>The contract over LiteDB on a memory stream.</summary>
public sealed class InMemoryStoreTests : ExperimentStoreContract
{
    private protected override IStoreTestSeams CreateStore() => LiteDbExperimentStore.InMemory();
}
