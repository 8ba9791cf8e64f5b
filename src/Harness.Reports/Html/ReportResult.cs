namespace Harness.Reports.Html;

/// <summary>What a report wrote: index.html, every file it links (paths relative to the folder), and notes on what was left out.</summary>
public sealed record ReportResult(string IndexPath, IReadOnlyList<string> Files, IReadOnlyList<string> Notes);
