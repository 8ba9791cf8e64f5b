namespace Harness.Engine;

/// <summary>
/// M models of one <see cref="Architecture"/> trained together, their state (weights, optimizer state, RNG
/// streams, best weights) kept inside the engine. <see cref="CohortTrainer"/> drives it: one
/// <see cref="RunEpoch"/> per epoch, then per member early stopping, pruning and divergence decisions.
/// Members are numbered 0..Count-1 in the order of the configs given to <see cref="IEngine.CreateCohort"/>.
/// </summary>
public interface ICohort : IDisposable
{
    Architecture Architecture { get; }
    int Count { get; }
    /// <summary>True when the training split has class labels (accuracies are defined).</summary>
    bool Labelled { get; }

    /// <summary>True until <see cref="Stop"/> is called for the member.</summary>
    bool IsActive(int member);

    /// <summary>
    /// Trains every active member for one epoch and evaluates it on the validation split. Returns one entry per
    /// member, null for members not active. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> fires (checked between batches); the epoch is then lost.
    /// </summary>
    IReadOnlyList<MemberEpoch?> RunEpoch(CancellationToken cancellationToken);

    /// <summary>Ends a member's training (early stopping, pruning, divergence); the others go on. Idempotent.</summary>
    void Stop(int member);

    /// <summary>Keeps the member's current weights as its best (restore-best); they stay inside the engine.</summary>
    void KeepBest(int member);

    /// <summary>
    /// The member's model: its best weights when <paramref name="best"/> (after at least one
    /// <see cref="KeepBest"/>), else its current ones, with the config and standardization it trained with.
    /// </summary>
    Model Export(int member, bool best);
}
