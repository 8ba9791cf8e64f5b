namespace Harness.Store;

/// <summary>
/// What the contract tests change on a store to pose as another process, age heartbeats or inject a fault. Every
/// store implements it, so one contract test class runs against each implementation.
/// </summary>
internal interface IStoreTestSeams : IExperimentStore
{
    /// <summary>Who claims trials through this instance.</summary>
    ProcessIdentity Identity { get; set; }

    /// <summary>Added to the store's clock (the database server's clock for PostgreSQL); zero in production.</summary>
    TimeSpan ClockShift { get; set; }

    /// <summary>Called at named points inside write transactions; a test throws from it to inject a fault.</summary>
    Action<string>? FaultPoint { get; set; }
}
