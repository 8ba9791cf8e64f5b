using Harness.Reports.Figures;
using Harness.Reports.Importance;
using Harness.Reports.PlotData;
using Harness.Reports.Trials;

namespace Harness.Reports.Html;

/// <summary>
/// The report's "Importance" section: PED-ANOVA importance bars, a slice plot per parameter (validation accuracy
/// against it, coloured by trial number) and a contour of the two most important parameters. Left out, with a
/// note, when there are fewer than <see cref="PedAnova.MinTrials"/> complete trials.
/// </summary>
internal static class ImportanceSection
{
    public static void Write(HtmlPage page, IReadOnlyList<TrialRecord> trials, IReadOnlyList<string> keys, string name,
        Func<string, string> stem, Action<string, Func<FigureFiles>> figure, List<string> notes)
    {
        IReadOnlyList<ParameterImportance> importances;
        try { importances = PedAnova.Evaluate(trials, keys); }
        catch (InvalidOperationException ex)
        {
            notes.Add("importance: " + ex.Message);
            page.Note(notes[^1]);
            return;
        }
        page.Section("Importance", "Which parameters decide validation accuracy (PED-ANOVA: how differently the top 10% of trials " +
            "spread over a parameter's values than all trials do), and validation accuracy against each of them.");
        figure("Parameter importance (PED-ANOVA over validation accuracy; shares add up to 100%)",
            () => SearchFigures.Importance(importances, $"{name}: parameter importance", stem("importance")));
        foreach (var p in importances)
            figure($"Slice: validation accuracy vs {p.Parameter}, coloured by trial number",
                () => SearchFigures.Slice(SlicePlot.Build(trials, p.Parameter), $"{name}: slice of {p.Parameter}", stem("slice_" + ReportWriter.Safe(p.Parameter))));
        if (importances.Count >= 2)
        {
            string x = importances[0].Parameter, y = importances[1].Parameter;
            figure($"Contour of validation accuracy over the two most important parameters, {x} and {y} (inverse-distance interpolation; dots are trials)",
                () => SearchFigures.Contour(ContourGrid.Build(trials, x, y), $"{name}: {x} x {y}",
                    stem($"contour_{ReportWriter.Safe(x)}_x_{ReportWriter.Safe(y)}")));
        }
    }
}
