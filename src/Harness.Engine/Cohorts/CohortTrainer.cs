using System.Diagnostics;
using System.Globalization;

namespace Harness.Engine;

/// <summary>
/// Drives a cohort epoch by epoch and makes every per-member decision on the host, once per epoch: divergence
/// (the engine's finite-loss flag), restore-best bookkeeping (<see cref="ICohort.KeepBest"/> on a new best of the
/// early-stopping monitor, else validation accuracy, or validation loss for sets without labels), pruning
/// (<see cref="CohortHooks.OnEpoch"/>), early stopping and the member's own epoch limit. A stopped member is
/// exported and reported at once while the others go on. Cancellation ends every active member as
/// <see cref="StopReason.Cancelled"/>. A member given a <see cref="MemberResume"/> goes on from its checkpoint, its
/// earlier epochs replayed through its stopping rules; checkpoints are taken as <see cref="CohortHooks.OnCheckpoint"/> says.
/// </summary>
public static class CohortTrainer
{
    /// <param name="resume">Per member, the checkpoint it goes on from, or null to start it afresh; null: all afresh.
    /// A checkpoint needs an <see cref="ICheckpointCohort"/>; one that does not fit its member throws <see cref="InvalidDataException"/>.</param>
    public static IReadOnlyList<TrainResult> Train(ICohort cohort, IReadOnlyList<TrainConfig> members,
        CohortHooks? hooks = null, CancellationToken cancellationToken = default, IReadOnlyList<MemberResume?>? resume = null)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count != cohort.Count) throw new ArgumentException($"{members.Count} configs for a cohort of {cohort.Count}");
        if (resume is not null && resume.Count != members.Count) throw new ArgumentException($"{resume.Count} resumes for a cohort of {members.Count}");
        hooks ??= new CohortHooks();
        var clock = Stopwatch.StartNew();
        var state = new MemberState[members.Count];
        for (int m = 0; m < members.Count; m++) state[m] = new MemberState(members[m], cohort.Labelled);
        for (int m = 0; m < members.Count; m++)
            if (resume?[m] is { } from) state[m].Resume(m, from, cohort);
        var checkpoints = Checkpoints.For(cohort, hooks);
        var results = new TrainResult?[members.Count];

        void End(int m, StopReason reason)
        {
            cohort.Stop(m);
            var s = state[m];
            var model = cohort.Export(m, best: s.RestoreBest && s.Stopper.BestEpoch > 0);
            results[m] = new TrainResult(model, s.History, s.Stopper.BestEpoch, reason, s.ResumedSeconds + clock.Elapsed.TotalSeconds, s.Divergence);
            hooks.OnFinished?.Invoke(m, results[m]!);
        }

        while (AnyActive(cohort))
        {
            IReadOnlyList<MemberEpoch?> epoch;
            try { epoch = cohort.RunEpoch(cancellationToken); }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                checkpoints?.Stop(); // before the members end: an interrupted member keeps the state of its last whole epoch
                for (int m = 0; m < members.Count; m++) if (cohort.IsActive(m)) End(m, StopReason.Cancelled);
                break;
            }
            for (int m = 0; m < members.Count; m++)
                if (epoch[m] is { } e && state[m].Decide(e, m, cohort, hooks) is { } reason) End(m, reason);
            checkpoints?.Take(state.Select(s => s.History.Count).ToArray());
        }
        return [.. results.Select(r => r!)];
    }

    private static bool AnyActive(ICohort cohort)
    {
        for (int m = 0; m < cohort.Count; m++) if (cohort.IsActive(m)) return true;
        return false;
    }

    /// <summary>A member's history and stopping rules.</summary>
    private sealed class MemberState(TrainConfig config, bool labelled)
    {
        public List<EpochMetrics> History { get; } = [];
        public string? Divergence { get; private set; }
        /// <summary>The seconds of the epochs a resumed member had run before its checkpoint.</summary>
        public double ResumedSeconds { get; private set; }
        public bool RestoreBest { get; } = config.EarlyStopping is { RestoreBest: true };
        public EarlyStopper Stopper { get; } = new(config.EarlyStopping ?? new EarlyStopping
        {
            Monitor = labelled ? Monitor.ValAccuracy : Monitor.ValLoss,
            Patience = int.MaxValue,
            RestoreBest = false,
        });

        /// <summary>
        /// Restores the member from <paramref name="from"/>: its engine state, then its earlier epochs replayed
        /// through the stopping rules (the best weights are in the state, so a new best keeps nothing).
        /// </summary>
        public void Resume(int member, MemberResume from, ICohort cohort)
        {
            if (cohort is not ICheckpointCohort resumable)
                throw new ArgumentException($"member {member} has a checkpoint, but the cohort ({cohort.GetType().Name}) cannot restore one");
            int epochs = resumable.Restore(member, from.State);
            if (epochs != from.History.Count)
                throw new InvalidDataException($"member {member}'s checkpoint has run {epochs} epochs but comes with {from.History.Count} epoch rows");
            foreach (var row in from.History)
            {
                if (row.Epoch != History.Count + 1)
                    throw new InvalidDataException($"member {member}'s epoch rows skip from epoch {History.Count} to {row.Epoch}");
                History.Add(row);
                Stopper.Update(row);
                ResumedSeconds += row.Seconds;
            }
        }

        /// <summary>The stop reason after this epoch, or null to go on.</summary>
        public StopReason? Decide(MemberEpoch e, int member, ICohort cohort, CohortHooks hooks)
        {
            if (e.Diverged) Divergence = $"diverged in epoch {e.Epoch}: {e.Divergence}";
            if (e.Metrics is not { } row) return StopReason.Diverged; // a batch loss was not finite: no row
            History.Add(row);
            hooks.Log?.Invoke(member, FormatRow(row, config.Epochs));
            if (e.Diverged) return StopReason.Diverged;
            if (Stopper.Update(row) && RestoreBest) cohort.KeepBest(member);
            if (hooks.OnEpoch is { } onEpoch && !onEpoch(member, row)) return StopReason.Pruned;
            if (config.EarlyStopping is not null && Stopper.ShouldStop) return StopReason.EarlyStopped;
            return row.Epoch >= config.Epochs ? StopReason.MaxEpochs : null;
        }

        private static string FormatRow(EpochMetrics m, int epochs) => string.Create(CultureInfo.InvariantCulture,
            $"epoch {m.Epoch}/{epochs}: train loss {m.TrainLoss:F4} acc {m.TrainAccuracy:P2} | val loss {m.ValidationLoss:F4} acc {m.ValidationAccuracy:P2} | lr {m.LearningRate:G4} | {m.Seconds:F2}s");
    }
}
