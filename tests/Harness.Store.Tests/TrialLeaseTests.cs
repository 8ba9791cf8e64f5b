using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using static Harness.Store.Tests.TrialPlans;

namespace Harness.Store.Tests;

/// <summary>
/// A lease's heartbeat runs on a timer thread, where an exception that escapes ends the process: a heartbeat the
/// database refuses (a PostgreSQL error such as a dropped schema's "relation does not exist") is left for the next
/// epoch write or the finish to report, and the timer goes on.
/// </summary>
public sealed class TrialLeaseTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_heartbeat_the_database_refuses_leaves_the_timer_running_and_the_trial_finishes()
    {
        using var store = new LiteDbExperimentStore(_temp.File("store.db"));
        var trial = Seed(store, 1)[0];
        var refusing = DispatchProxy.Create<IExperimentStore, RefusedHeartbeats>();
        ((RefusedHeartbeats)refusing).Inner = store;
        using (var lease = TrialLease.Claim(refusing, [trial.Id], "cpu", "cpu0", TimeSpan.FromMilliseconds(5), TimeSpan.Zero))
        {
            Assert.Single(lease.Trials);
            var clock = Stopwatch.StartNew();
            while (((RefusedHeartbeats)refusing).Refused < 3 && clock.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(5);
            Assert.True(((RefusedHeartbeats)refusing).Refused >= 3, "the heartbeat timer stopped after a refused heartbeat");
            lease.Finish(trial.Id, Complete([7]));
        }
        Assert.Equal(TrialState.Complete, store.GetTrial(trial.Id)!.State);
    }

    /// <summary>A store whose every heartbeat the database refuses; everything else reaches <see cref="Inner"/>.</summary>
    internal class RefusedHeartbeats : DispatchProxy
    {
        private int _refused;

        public IExperimentStore Inner { get; set; } = null!;

        public int Refused => Volatile.Read(ref _refused);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IExperimentStore.Heartbeat))
            {
                Interlocked.Increment(ref _refused);
                throw new RefusedByDatabase();
            }
            try { return targetMethod.Invoke(Inner, args); }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }
    }

    private sealed class RefusedByDatabase() : DbException("42P01: relation \"trials\" does not exist");
}
