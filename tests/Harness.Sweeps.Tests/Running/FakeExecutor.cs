using System.Collections.Concurrent;
using Harness.Engine;

namespace Harness.Sweeps.Tests.Running;

/// <summary>
/// Pretends to train a cohort in lockstep: each member reports Epochs epochs whose validation accuracy is the
/// learning rate (so trials order predictably), and behaves by learning rate: 0.3 throws (failing the whole
/// cohort), 0.4 diverges at epoch 2, 0.5 cancels the sweep at epoch 2 (as Ctrl+C would). Records which configs
/// it ran, the size of every cohort and the most cohorts in flight at once; with <paramref name="gather"/> &gt; 1, a
/// cohort waits (at most 5 s) until that many are in flight before it trains, so cohorts run side by side show.
/// </summary>
internal sealed class FakeExecutor(CancellationTokenSource? cancelOn05 = null, int preferredCohort = 1, int preferredParallel = 1, int gather = 1)
    : ICohortExecutor
{
    private int _inFlight;
    private int _maxInFlight;

    public ConcurrentBag<TrainConfig> Ran { get; } = [];
    public ConcurrentBag<int> CohortSizes { get; } = [];
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public string Engine => "cpu";
    public string Device => "fake";
    public int PreferredCohortSize => preferredCohort;
    public int PreferredParallel => preferredParallel;

    public void Execute(CohortRequest request)
    {
        int now = Interlocked.Increment(ref _inFlight);
        for (int seen = Volatile.Read(ref _maxInFlight); now > seen; seen = Volatile.Read(ref _maxInFlight))
            if (Interlocked.CompareExchange(ref _maxInFlight, now, seen) == seen) break;
        try
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref _inFlight) >= gather, TimeSpan.FromSeconds(gather > 1 ? 5 : 0));
            Train(request);
        }
        finally { Interlocked.Decrement(ref _inFlight); }
    }

    private void Train(CohortRequest request)
    {
        var members = request.Members;
        foreach (var c in members) Ran.Add(c);
        CohortSizes.Add(members.Count);
        if (members.Any(c => c.LearningRate == 0.3)) throw new InvalidOperationException("boom at lr 0.3");
        var history = members.Select(_ => new List<EpochMetrics>()).ToArray();
        var active = members.Select(_ => true).ToArray();
        void End(int m, StopReason reason, int best, double? test, byte[]? model)
        {
            active[m] = false;
            request.OnFinished(m, new TrialExecution(history[m], best, reason, 0.01, test, test is null ? null : 1.0, model));
        }
        for (int e = 1; active.Any(a => a); e++)
        {
            for (int m = 0; m < members.Count; m++)
            {
                if (!active[m]) continue;
                var c = members[m];
                if (c.LearningRate == 0.5 && e == 2) cancelOn05?.Cancel();
                if (request.CancellationToken.IsCancellationRequested) { End(m, StopReason.Cancelled, 0, null, null); continue; }
                bool diverged = c.LearningRate == 0.4 && e == 2;
                var row = new EpochMetrics(e, diverged ? double.NaN : 1.0 / e, 0.5, diverged ? double.NaN : 1.0 / e, c.LearningRate + e * 1e-3, c.LearningRate, 0.001);
                history[m].Add(row);
                if (diverged) End(m, StopReason.Diverged, 1, null, null);
                else if (!request.OnEpoch(m, row)) End(m, StopReason.Pruned, e, 0.1, [1, 2]);
                else if (e == c.Epochs) End(m, StopReason.MaxEpochs, e, c.LearningRate, [1, 2, 3]);
            }
        }
    }
}
