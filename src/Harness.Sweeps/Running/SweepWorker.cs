using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// One of any number of workers sharing a store (on one host or many): runs the experiment with a
/// <see cref="SweepRunner"/> (claims in short transactions, cohorts as the runner forms them) until no trial of the
/// version is left to run. When every remaining trial is running in some other worker, it waits and looks again:
/// each look re-queues trials whose worker fell silent for longer than <see cref="SweepOptions.StaleGrace"/> (the
/// lease, by the store's clock), which this worker then trains. Returns when every planned trial is finished or
/// the run is cancelled.
/// </summary>
public sealed class SweepWorker
{
    private readonly IExperimentStore _store;
    private readonly ICohortExecutor _executor;
    private readonly SweepOptions _options;
    private readonly TimeSpan _poll;

    /// <param name="poll">How long to wait between looks while other workers hold the remaining trials.</param>
    public SweepWorker(IExperimentStore store, ICohortExecutor executor, SweepOptions options, TimeSpan poll)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(options);
        if (poll <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(poll), poll, "the poll interval must be positive");
        (_store, _executor, _options, _poll) = (store, executor, options, poll);
    }

    /// <summary>Runs until nothing is left to run; the summary counts every trial this worker ran.</summary>
    public SweepSummary Run(ExperimentSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int ranHere = 0, failedHere = 0;
        var observer = _options.Observer;
        while (true)
        {
            var summary = new SweepRunner(_store, _executor, _options).Run(spec, cancellationToken);
            ranHere += summary.RanHere;
            failedHere += summary.FailedHere;
            var last = summary with { RanHere = ranHere, FailedHere = failedHere };
            if (summary.Interrupted) return last;
            if (summary.RanHere > 0) continue; // trials may have been re-queued or added meanwhile: look again
            var elsewhere = _store.GetTrials(spec.Name, summary.Experiment.Version).Where(t => t.State == TrialState.Running).ToList();
            if (elsewhere.Count == 0) return last;
            var hosts = string.Join(", ", elsewhere.Select(t => t.Host).Distinct().Order(StringComparer.Ordinal));
            observer.Message($"waiting: {elsewhere.Count} trial(s) running in other workers ({hosts}); one silent for " +
                             $"{_options.StaleGrace.TotalSeconds:0.#} s is re-queued and trained here");
            if (cancellationToken.WaitHandle.WaitOne(_poll)) return last with { Interrupted = true };
        }
    }
}
