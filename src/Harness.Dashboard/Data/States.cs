using Harness.Store;

namespace Harness.Dashboard.Data;

/// <summary>Trial states as the pages and query strings spell them: lower case (pending, running, complete...).</summary>
internal static class States
{
    public static string Name(TrialState s) => s.ToString().ToLowerInvariant();

    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<TrialState>().Select(Name)];

    public static TrialState? Parse(string? text) =>
        Enum.GetValues<TrialState>().Cast<TrialState?>().FirstOrDefault(s => Name(s!.Value) == text?.Trim().ToLowerInvariant());
}
