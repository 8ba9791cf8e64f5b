namespace Harness.Sweeps;

/// <summary>
/// The engine that trains a cohort, as its trials store it: <paramref name="Name"/> (<c>cpu</c>, <c>cuda</c>) and
/// <paramref name="Device"/> in words, the members per cohort it prefers when the user does not say, and, when
/// <c>--engine auto</c> sends the trials to another engine than the GPU it chose, <paramref name="RoutedBecause"/>:
/// why the GPU engine cannot train them (naming the JSON field); null otherwise.
/// </summary>
public sealed record CohortEngine(string Name, string Device, int PreferredCohortSize, string? RoutedBecause = null)
{
    /// <summary>Whether the engine goes on from a trial's checkpoint (<see cref="Harness.Engine.IEngine.Resumes"/>); else trials start afresh.</summary>
    public bool Resumes { get; init; }
}
