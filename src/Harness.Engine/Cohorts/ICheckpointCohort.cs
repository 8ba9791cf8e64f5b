namespace Harness.Engine;

/// <summary>
/// A cohort whose members can be saved between epochs and restored in a later process (the CPU engine's): a trial
/// killed mid-way then goes on from its last checkpoint, and ends bit for bit as it would have without the break.
/// <see cref="CohortTrainer"/> takes the checkpoints (<see cref="CohortHooks.OnCheckpoint"/>) and restores them
/// (its <c>resume</c> argument).
/// </summary>
public interface ICheckpointCohort : ICohort
{
    /// <summary>
    /// Writes the member's state after its last epoch, as bytes only this engine reads, to <paramref name="into"/> from
    /// its position on. A stream kept for the next call (its capacity reused) makes this allocate nothing.
    /// </summary>
    void Checkpoint(int member, Stream into);

    /// <summary>
    /// Before the cohort's first epoch: puts the member in the state <paramref name="state"/> (from
    /// <see cref="Checkpoint"/> of a member with the same config) and returns the epochs that state has run.
    /// Throws <see cref="InvalidDataException"/> when the bytes are not such a checkpoint.
    /// </summary>
    int Restore(int member, byte[] state);
}
