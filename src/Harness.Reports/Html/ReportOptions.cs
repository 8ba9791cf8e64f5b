using Harness.Reports.Trials;

namespace Harness.Reports.Html;

/// <summary>What <see cref="ReportWriter"/> draws and where.</summary>
public sealed record ReportOptions
{
    /// <summary>The experiment version to report; null for the latest.</summary>
    public int? Version { get; init; }

    /// <summary>Output folder (created); index.html, figures/ and tables/ go there.</summary>
    public required string OutDir { get; init; }
    /// <summary>Grouping keys for tables and boxes; default <see cref="TrialSet.DefaultKeys"/>.</summary>
    public IReadOnlyList<string>? By { get; init; }
    /// <summary>How many of the best trials get learning curves.</summary>
    public int BestK { get; init; } = 5;
    /// <summary>Computes the best model's figures; null leaves them out with a note saying why.</summary>
    public ModelInspector? Inspector { get; init; }
    /// <summary>Why there is no inspector (shown in the report when <see cref="Inspector"/> is null).</summary>
    public string? NoInspectorReason { get; init; }
}
