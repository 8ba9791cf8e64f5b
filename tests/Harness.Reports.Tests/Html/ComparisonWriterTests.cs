using Harness.Reports.Html;
using Harness.Reports.Tables;
using Harness.Reports.Tests.Support;
using Harness.Reports.Trials;

namespace Harness.Reports.Tests.Html;

public sealed class ComparisonWriterTests
{
    [Fact]
    public void Writes_the_table_in_every_format_and_both_figures_naming_each_experiment()
    {
        var a = FakeTrials.Grid("a", seeds: 2, withFailed: false);
        var b = FakeTrials.Grid("b", seeds: 3, withFailed: false).Where(t => t.Params["hidden"] != "[100,100]").ToList();
        var experiments = new List<(string, IReadOnlyList<Harness.Store.TrialRecord>)> { ("a", a), ("b", b) };
        var table = ComparisonTable.Build(experiments, Metric.TestAccuracy);
        var dir = TestOutput.Folder();

        var files = ComparisonWriter.Write(dir, table, experiments);

        Assert.Equal(["configurations_test_acc.png", "configurations_test_acc.svg", "history.png", "history.svg",
            "test_acc.csv", "test_acc.md", "test_acc.tex", "test_acc.txt"], files.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 100, f));
        Assert.Equal(TableWriter.Write(table, TableFormat.Markdown), File.ReadAllText(Path.Combine(dir, "test_acc.md")));
        var history = File.ReadAllText(Path.Combine(dir, "history.svg"));
        Assert.Contains("a vs b: validation accuracy by trial", history);
        Assert.Contains("a: best so far", history);
        Assert.Contains("b: best so far", history);
        var drawn = File.ReadAllText(Path.Combine(dir, "configurations_test_acc.svg"));
        Assert.Contains("a vs b: test accuracy (%) by configuration", drawn);
        Assert.Matches(@">\s*a\s*</text>", drawn); // a legend entry per experiment
        Assert.Matches(@">\s*b\s*</text>", drawn);
    }

    [Fact]
    public void The_history_axis_starts_near_the_good_trials_and_says_how_many_poor_ones_lie_below()
    {
        // 12 trials near 95 % and 2 at 10 %: an axis down to 10 % would squash the best-so-far lines into a band.
        var trials = Enumerable.Range(0, 14).Select(i => FakeTrials.Trial("h", i, 0, [30], 0.1, i is 3 or 9 ? 0.1 : 0.94 + 0.001 * i,
            new() { ["n"] = $"{i}" })).ToList();
        var experiments = new List<(string, IReadOnlyList<Harness.Store.TrialRecord>)> { ("h", trials) };
        var dir = TestOutput.Folder();
        ComparisonWriter.Write(dir, ComparisonTable.Build(experiments, Metric.TestAccuracy), experiments);
        var svg = File.ReadAllText(Path.Combine(dir, "history.svg"));
        Assert.Contains("(2 trials below the axis)", svg);
        var ticks = System.Text.RegularExpressions.Regex.Matches(svg, @">\s*([0-9.]+)\s*</text>")
            .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(ticks, t => t is >= 93 and <= 96);
        Assert.DoesNotContain(ticks, t => t is > 14 and < 90); // no value tick down at the poor trials
    }
}
