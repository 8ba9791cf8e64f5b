using Harness.Reports.Tables;
using Harness.Reports.Tests.Support;
using Harness.Reports.Trials;
using Harness.Store;

namespace Harness.Reports.Tests.Tables;

public sealed class TableTests
{
    [Fact]
    public void GroupsBySearchedParamsWithMeanStdNBestSortedBestFirst()
    {
        var t = TableBuilder.Build("grid", FakeTrials.Grid());
        Assert.Equal(["depth", "width", "learning_rate"], t.KeyNames); // hidden split into depth and width
        Assert.Equal(12, t.Rows.Count);
        var top = t.Rows[0];
        Assert.Equal(["2", "100", "0.1"], top.Keys);
        Assert.True(top.IsBest);
        Assert.Single(t.Rows, r => r.IsBest);
        Assert.Equal(3, top.N);
        // accuracies 93.0 +- 0.1 over seeds 0,1,2 -> mean 93.0, sample std 0.1, best 93.1
        Assert.Equal(93.0, top.Mean, 9);
        Assert.Equal(0.1, top.Std, 9);
        Assert.Equal(93.1, top.Best, 9);
        Assert.True(t.Rows.Zip(t.Rows.Skip(1)).All(p => p.First.Mean >= p.Second.Mean));
        Assert.False(t.HasPublished);
    }

    [Fact]
    public void A_search_over_depth_and_width_groups_by_them_without_the_hidden_list_they_make()
    {
        // experiments/quick.json searches depth and width; each trial also records the hidden list they make.
        var trials = FakeTrials.Grid(seeds: 1, withFailed: false).Select(t =>
        {
            var hidden = System.Text.Json.JsonSerializer.Deserialize<int[]>(t.Params["hidden"])!;
            return t with { Params = new(t.Params) { ["depth"] = $"{hidden.Length}", ["width"] = $"{hidden[0]}" } };
        }).ToList();
        var t = TableBuilder.Build("grid", trials);
        Assert.Equal(["depth", "learning_rate", "width"], t.KeyNames.Order());
        Assert.Equal(12, t.Rows.Count);
    }

    [Fact]
    public void StdOfASingleTrialShowsADashInEveryFormatAndAnEmptyCsvCell()
    {
        var t = TableBuilder.Build("grid", FakeTrials.Grid(seeds: 1, withFailed: false), Metric.TestAccuracy, ["depth", "width", "learning_rate"]);
        Assert.All(t.Rows, r => Assert.Equal(1, r.N));
        foreach (var format in new[] { TableFormat.Console, TableFormat.Markdown })
        {
            var text = TableWriter.Write(t, format);
            Assert.Contains(" ± –", text);
            Assert.DoesNotContain("± 0.00", text);
        }
        Assert.Contains(" $\\pm$ --", TableWriter.Write(t, TableFormat.Latex));
        var csv = TableWriter.Write(t, TableFormat.Csv).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int std = csv[0].Split(',').ToList().IndexOf("std");
        Assert.All(csv.Skip(1), line => Assert.Equal("", line.Split(',')[std]));
        // Two seeds keep a number.
        var two = TableBuilder.Build("grid", FakeTrials.Grid(seeds: 2, withFailed: false), Metric.TestAccuracy, ["depth", "width", "learning_rate"]);
        Assert.DoesNotContain(" ± –", TableWriter.Write(two, TableFormat.Console));
    }

    [Fact]
    public void FractionalParameterValuesReadToFourSignificantFiguresButCsvKeepsThem()
    {
        var trials = Enumerable.Range(0, 4).Select(i => FakeTrials.Trial("r", i, i % 2, [30], 0.012438000185619108, 0.9 + 0.01 * i,
            new() { ["dropout"] = i < 2 ? "0.012438000185619108" : "0.3", ["width"] = "30" })).ToList();
        var t = TableBuilder.Build("r", trials, Metric.TestAccuracy, ["dropout", "width"]);
        foreach (var format in new[] { TableFormat.Console, TableFormat.Markdown, TableFormat.Latex })
        {
            var text = TableWriter.Write(t, format);
            Assert.Contains("0.01244", text);
            Assert.DoesNotContain("0.012438", text);
        }
        Assert.Contains("0.012438000185619108", TableWriter.Write(t, TableFormat.Csv));
        var boxes = Harness.Reports.PlotData.SeedBoxes.Build(trials, ["dropout"]);
        Assert.Contains(boxes, b => b.Label == "0.01244");
        var curves = Harness.Reports.PlotData.LearningCurves.BestK(trials, id => FakeTrials.Epochs(trials.Single(x => x.Id == id)), 4, ["dropout"]);
        Assert.All(curves, c => Assert.DoesNotContain("0.012438", c.Label));
    }

    [Fact]
    public void ByOptionGroupsOnThoseKeysOnly()
    {
        var t = TableBuilder.Build("grid", FakeTrials.Grid(), Metric.TestAccuracy, ["width"]);
        Assert.Equal(["100", "30"], t.Rows.Select(r => r.Keys[0]));
        Assert.Equal(18, t.Rows[0].N);
    }

    [Fact]
    public void SecondsRankSmallestFirst()
    {
        var t = TableBuilder.Build("grid", FakeTrials.Grid(), Metric.Seconds, ["depth"]);
        Assert.Equal("1", t.Rows[0].Keys[0]); // trials 0..17 (depth 1) ran 10..27 s
        Assert.Equal(10, t.Rows[0].Best, 9);
    }

    [Fact]
    public void UnknownGroupKeyNamesTheParameter()
    {
        var ex = Assert.Throws<ArgumentException>(() => TableBuilder.Build("grid", FakeTrials.Grid(), Metric.TestAccuracy, ["colour"]));
        Assert.Contains("'colour'", ex.Message);
    }

    [Fact]
    public void Nielsen2015ShowsPublishedAccuracyBesideOurs()
    {
        var trials = new List<TrialRecord>();
        int n = 0;
        foreach (var hidden in new[] { new[] { 30 }, [30, 30], [30, 30, 30] })
            for (int s = 0; s < 2; s++)
                trials.Add(FakeTrials.Trial("nielsen-2015", n++, s, hidden, 0.1, 0.95 + 0.001 * s,
                    new() { ["hidden"] = "[" + string.Join(",", hidden) + "]" }));
        var t = TableBuilder.Build("nielsen-2015", trials, Metric.TestAccuracy, ["hidden"]);
        Assert.True(t.HasPublished);
        Assert.Equal(94.84, t.Rows.Single(r => r.Keys[0] == "[30]").Published);
        Assert.Equal(95.81, t.Rows.Single(r => r.Keys[0] == "[30,30]").Published);
        Assert.Equal(95.07, t.Rows.Single(r => r.Keys[0] == "[30,30,30]").Published);
        var md = TableWriter.Write(t, TableFormat.Markdown);
        Assert.Contains("| published |", md);
        Assert.Contains("95.81", md);
        // another experiment with the same architectures gets no published column
        Assert.False(TableBuilder.Build("other", trials.Select(x => x with { Experiment = "other" }), Metric.TestAccuracy, ["hidden"]).HasPublished);
    }

    [Fact]
    public void MarkdownHasHeaderSeparatorAndBoldBestRow()
    {
        var md = TableWriter.Write(TableBuilder.Build("grid", FakeTrials.Grid(), Metric.TestAccuracy, ["width"]), TableFormat.Markdown);
        var lines = md.Split('\n');
        Assert.Contains("| width | n | test_acc mean ± std | best |", lines);
        Assert.Contains("|---|---|---|---|", lines);
        Assert.Contains(lines, l => l.StartsWith("| \\* **100** | **18** |"));
        Assert.Contains(lines, l => l.StartsWith("| 30 | 18 |"));
    }

    [Fact]
    public void CsvIsInvariantWithNumericColumns()
    {
        var csv = TableWriter.Write(TableBuilder.Build("grid", FakeTrials.Grid(), Metric.TestAccuracy, ["depth", "width", "learning_rate"]), TableFormat.Csv);
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("depth,width,learning_rate,n,mean,std,best,is_best", lines[0]);
        Assert.Equal("2,100,0.1,3,93.0000,0.1000,93.1000,1", lines[1]);
        Assert.Equal(13, lines.Length);
    }

    [Fact]
    public void LatexEscapesSpecialCharactersAndUsesPlainHlines()
    {
        var tex = TableWriter.Write(TableBuilder.Build("my_exp", FakeTrials.Grid("my_exp"), Metric.TestAccuracy, ["learning_rate"]), TableFormat.Latex);
        Assert.Contains("\\begin{tabular}{|l|l|l|l|}", tex);
        Assert.Contains("learning\\_rate & n & test\\_acc mean $\\pm$ std & best \\\\", tex);
        Assert.Contains("\\textbf{0.1}", tex);
        Assert.Contains("my\\_exp", tex);
        Assert.Contains("(\\%)", tex);
        Assert.DoesNotContain("toprule", tex);
        Assert.Equal("50\\% \\& \\$5 \\#1 a\\_b \\{x\\} \\textasciitilde{}\\textasciicircum{}\\textbackslash{}",
            TableWriter.LatexEscape("50% & $5 #1 a_b {x} ~^\\"));
    }

    [Fact]
    public void ConsoleMarksTheBestRow()
    {
        var text = TableWriter.Write(TableBuilder.Build("grid", FakeTrials.Grid(), Metric.TestAccuracy, ["width"]), TableFormat.Console);
        var lines = text.Split('\n');
        Assert.StartsWith("* 100", lines[3]);
        Assert.StartsWith("  30", lines[4]);
    }

    [Fact]
    public void CompareLinesUpExperimentsOnSharedKeysAndMarksBestPerColumn()
    {
        var a = FakeTrials.Grid("a", seeds: 2);
        var b = FakeTrials.Grid("b", seeds: 3).Where(t => t.Params["hidden"] != "[100,100]").ToList();
        var c = ComparisonTable.Build([("a", a), ("b", b)], Metric.TestAccuracy, ["hidden"]);
        Assert.Equal(["a", "b"], c.Experiments);
        Assert.Equal(4, c.Rows.Count);
        var big = c.Rows.Single(r => r.Keys[0] == "[100,100]");
        Assert.NotNull(big.Cells[0]);
        Assert.Null(big.Cells[1]);
        Assert.Equal(6, big.Cells[0]!.N);
        Assert.Equal("[100,100]", c.Rows[c.BestRow(0)].Keys[0]);
        Assert.Equal("[100]", c.Rows[c.BestRow(1)].Keys[0]);
        var md = TableWriter.Write(c, TableFormat.Markdown);
        Assert.Contains("| hidden | a | b |", md);
        Assert.Contains("| – |", md);
        var csv = TableWriter.Write(c, TableFormat.Csv).Split('\n');
        Assert.Equal("hidden,a_n,a_mean,a_std,b_n,b_mean,b_std", csv[0]);
    }

    [Fact]
    public void CompareOrdersHiddenLayerListsByDepthThenWidth()
    {
        // Ordinal order put [100,100] before [100] and [30,30,30] before [30]: Nielsen's table read upside down.
        var trials = new[] { "[30,30,30]", "[100]", "[30,30]", "[30]", "[100,100]" }.Select((h, i) => FakeTrials.Trial("n", i, 0,
            System.Text.Json.JsonSerializer.Deserialize<int[]>(h)!, 3.0, 0.95, new() { ["hidden"] = h })).ToList();
        var c = ComparisonTable.Build([("n", trials)], Metric.TestAccuracy, ["hidden"]);
        Assert.Equal(["[30]", "[100]", "[30,30]", "[100,100]", "[30,30,30]"], c.Rows.Select(r => r.Keys[0]).ToArray());
    }

    [Fact]
    public void Baseline_trials_line_up_beside_mlps_by_trainer()
    {
        var mlps = FakeTrials.Grid("mlp", seeds: 2, withFailed: false);
        TrialRecord Baseline(int n, string trainer, double acc) => new()
        {
            Id = 1000 + n,
            Experiment = "baselines",
            Number = n,
            Key = trainer,
            Seed = 1,
            Engine = "mlnet",
            Params = new() { ["trainer"] = trainer },
            ConfigJson = $$"""{"trainer":"{{trainer}}","l2":"1"}""",
            State = TrialState.Complete,
            ValidationAccuracy = acc,
            TestAccuracy = acc,
        };
        var baselines = new List<TrialRecord> { Baseline(0, "sdca_maxent", 0.918), Baseline(1, "lightgbm", 0.98) };

        var c = ComparisonTable.Build([("mlp", mlps), ("baselines", baselines)], Metric.TestAccuracy);
        Assert.Contains("trainer", c.KeyNames);
        int t = c.KeyNames.ToList().IndexOf("trainer");
        var lightgbm = c.Rows.Single(r => r.Keys[t] == "lightgbm");
        Assert.Null(lightgbm.Cells[0]);
        Assert.Equal(0.98 * 100, lightgbm.Cells[1]!.Mean, 6);
        Assert.All(c.Rows.Where(r => r.Keys[t] == "mlp"), r => Assert.Null(r.Cells[1]));

        var table = TableBuilder.Build("baselines", baselines, Metric.TestAccuracy);
        Assert.Equal(2, table.Rows.Count);
        var view = new TrialView(baselines[0]);
        Assert.False(view.IsMlp);
        Assert.Equal("-", view.Value("depth"));
        Assert.Equal("-", view.Value("learning_rate"));
        Assert.Equal("mlp", new TrialView(mlps[0]).Value("trainer"));
    }
}
