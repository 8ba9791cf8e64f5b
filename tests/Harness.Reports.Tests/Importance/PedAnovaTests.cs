using Harness.Reports.Figures;
using Harness.Reports.Importance;
using Harness.Reports.PlotData;
using Harness.Reports.Tests.Support;

namespace Harness.Reports.Tests.Importance;

public sealed class PedAnovaTests
{
    [Theory]
    [InlineData("learning_rate")]
    [InlineData("activation")]
    public void The_parameter_that_drives_accuracy_ranks_first_with_most_of_the_importance(string dominant)
    {
        var result = PedAnova.Evaluate(SyntheticSearch.Trials(dominant));
        Assert.Equal(dominant, result[0].Parameter);
        Assert.True(result[0].Share > 0.5, $"{dominant}: share {result[0].Share}");
        Assert.Equal(1.0, result.Sum(r => r.Share), 9);
        Assert.Equal(["activation", "depth", "dropout", "learning_rate"], result.Select(r => r.Parameter).Order());
        foreach (var other in result.Skip(1)) Assert.True(other.Divergence < result[0].Divergence / 3, $"{other.Parameter}: {other.Divergence} vs {result[0].Divergence}");
    }

    [Fact]
    public void Per_layer_hidden_lists_are_ranked_as_depth_and_width()
    {
        var rng = new Random(3);
        var trials = Enumerable.Range(0, 40).Select(i =>
        {
            var hidden = Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => 8 * (1 + rng.Next(16))).ToArray();
            double lr = Math.Pow(10, -3 + 2 * rng.NextDouble());
            return FakeTrials.Trial("h", i, 0, hidden, lr, 0.8 + 0.001 * hidden.Max() / 8.0, new()
            {
                ["hidden"] = System.Text.Json.JsonSerializer.Serialize(hidden),
                ["learning_rate"] = lr.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            });
        }).ToList();
        var result = PedAnova.Evaluate(trials);
        Assert.Equal(["depth", "learning_rate", "width"], result.Select(r => r.Parameter).Order());
        Assert.Equal("width", result[0].Parameter); // accuracy follows the widest layer
    }

    [Fact]
    public void Identical_top_and_all_distributions_give_zero()
    {
        Assert.Equal(0, PedAnova.Pearson([0.25, 0.75], [0.25, 0.75]), 12);
        Assert.Equal(0.25 * Math.Pow(0.5 / 0.25 - 1, 2) + 0.75 * Math.Pow(0.5 / 0.75 - 1, 2), PedAnova.Pearson([0.5, 0.5], [0.25, 0.75]), 12);
    }

    [Fact]
    public void The_top_trials_are_the_best_tenth_and_at_least_two()
    {
        Assert.Equal([2, 0], PedAnova.Top([0.5, 0.1, 0.9, 0.3], higherIsBetter: true));
        Assert.Equal([1, 3], PedAnova.Top([0.5, 0.1, 0.9, 0.3], higherIsBetter: false));
        Assert.Equal(3, PedAnova.Top([.. Enumerable.Range(0, 25).Select(i => (double)i)], true).Count);
    }

    [Fact]
    public void Fewer_than_five_complete_trials_is_a_clear_error()
    {
        var trials = SyntheticSearch.Trials("activation", count: 4);
        var e = Assert.Throws<InvalidOperationException>(() => PedAnova.Evaluate(trials));
        Assert.Equal("parameter importance needs at least 5 complete trials with a validation accuracy (%); there are 4", e.Message);
    }

    [Fact]
    public void ImportanceSliceAndContourFigures()
    {
        var trials = SyntheticSearch.Trials("learning_rate");
        var importances = PedAnova.Evaluate(trials);
        var bars = SearchFigures.Importance(importances, "synthetic: parameter importance", TestOutput.Stem() + "-importance");
        Assert.Contains("learning_rate", File.ReadAllText(bars.Svg));
        var slice = SlicePlot.Build(trials, "learning_rate");
        Assert.True(slice.LogX);
        Assert.Equal(150, slice.Points.Count);
        Assert.Equal(Enumerable.Range(0, 150), slice.Points.Select(p => p.Number));
        var sliceFig = SearchFigures.Slice(slice, "synthetic: slice of learning_rate", TestOutput.Stem() + "-slice");
        Assert.Contains("trial number", File.ReadAllText(sliceFig.Svg));
        var contour = ContourGrid.Build(trials, "learning_rate", "activation");
        Assert.Equal(["relu", "tanh"], contour.Y.Categories);
        // accuracy peaks at lr 10^-2.5: the interpolated surface is higher there than at the ends of the range
        int peak = (int)((-2.5 - contour.X.Min) / (contour.X.Max - contour.X.Min) * ContourGrid.Cells);
        Assert.True(contour.Values[20, peak] > contour.Values[20, 0] && contour.Values[20, peak] > contour.Values[20, ContourGrid.Cells - 1]);
        var contourFig = SearchFigures.Contour(contour, "synthetic: learning_rate x activation", TestOutput.Stem() + "-contour");
        Assert.True(new FileInfo(contourFig.Png).Length > 5000);
    }
}
