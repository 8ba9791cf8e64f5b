using Harness.Reports.PlotData;
using Harness.Reports.Tests.Support;
using Harness.Reports.Trials;
using Harness.Store;

namespace Harness.Reports.Tests.PlotData;

public sealed class PlotDataTests
{
    private static TrialRecord T(int number, double testAcc, int[] hidden, double lr, int seed = 0) =>
        FakeTrials.Trial("e", number, seed, hidden, lr, testAcc, new()
        {
            ["hidden"] = "[" + string.Join(",", hidden) + "]",
            ["learning_rate"] = lr.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    [Fact]
    public void HeatmapCellsAverageTheirTrialsAndLeaveEmptyCellsNaN()
    {
        var trials = new[]
        {
            T(0, 0.90, [30], 0.1), T(1, 0.92, [30], 0.1), T(2, 0.95, [100], 0.1), T(3, 0.80, [30, 30], 0.1),
        };
        var h = HeatmapGrid.Build(trials, "depth", "width");
        Assert.Equal(["1", "2"], h.RowLabels);
        Assert.Equal(["30", "100"], h.ColumnLabels); // numeric order, not "100" < "30"
        Assert.Equal(91.0, h.Mean[0, 0], 9);
        Assert.Equal(2, h.Count[0, 0]);
        Assert.Equal(95.0, h.Mean[0, 1], 9);
        Assert.Equal(80.0, h.Mean[1, 0], 9);
        Assert.True(double.IsNaN(h.Mean[1, 1]));
        Assert.Equal(0, h.Count[1, 1]);
    }

    [Fact]
    public void BestSoFarIsARunningMaximumInTrialOrderSkippingUnfinishedTrials()
    {
        var trials = new[]
        {
            T(2, 0.91, [30], 0.1), T(0, 0.90, [30], 0.1), T(1, 0.85, [30], 0.1) with { State = TrialState.Failed },
            T(3, 0.89, [30], 0.1), T(4, 0.93, [30], 0.1),
        };
        var h = OptimizationHistory.Build(trials, Metric.TestAccuracy);
        Assert.Equal([0, 2, 3, 4], h.Select(p => p.Number));
        Assert.Equal([90.0, 91.0, 91.0, 93.0], h.Select(p => Math.Round(p.BestSoFar, 9)));
    }

    [Fact]
    public void BestSoFarForSecondsIsARunningMinimum()
    {
        var trials = new[] { T(0, 0.9, [30], 0.1) with { Seconds = 5 }, T(1, 0.9, [30], 0.1) with { Seconds = 7 }, T(2, 0.9, [30], 0.1) with { Seconds = 3 } };
        Assert.Equal([5.0, 5.0, 3.0], OptimizationHistory.Build(trials, Metric.Seconds).Select(p => p.BestSoFar));
    }

    [Fact]
    public void ParallelCoordinatesNormaliseLogLinearCategoricalAndConstantAxes()
    {
        var trials = new[]
        {
            T(0, 0.90, [30], 0.001) with { Params = new() { ["learning_rate"] = "0.001", ["act"] = "\"relu\"", ["w"] = "10", ["k"] = "1" } },
            T(1, 0.95, [30], 0.1) with { Params = new() { ["learning_rate"] = "0.1", ["act"] = "\"tanh\"", ["w"] = "30", ["k"] = "1" } },
            T(2, 0.80, [30], 0.01) with { Params = new() { ["learning_rate"] = "0.01", ["act"] = "\"sigmoid\"", ["w"] = "20", ["k"] = "1" } },
        };
        var d = ParallelCoordinates.Build(trials, ["learning_rate", "act", "w", "k"], Metric.TestAccuracy);
        Assert.Equal(["learning_rate", "act", "w", "k", "test_acc"], d.Axes.Select(a => a.Name));
        Assert.True(d.Axes[0].Log);
        Assert.False(d.Axes[2].Log);
        // log10: -3, -1, -2 -> 0, 1, 0.5
        Assert.Equal([0.0, 1.0, 0.5], d.Lines.Select(l => Math.Round(l.Positions[0], 9)));
        // categories sorted: relu, sigmoid, tanh -> 0, 1, 0.5 for relu, tanh, sigmoid
        Assert.Equal(["relu", "sigmoid", "tanh"], d.Axes[1].Categories!);
        Assert.Equal([0.0, 1.0, 0.5], d.Lines.Select(l => l.Positions[1]));
        // linear min-max: 10, 30, 20 -> 0, 1, 0.5
        Assert.Equal([0.0, 1.0, 0.5], d.Lines.Select(l => l.Positions[2]));
        // constant axis sits in the middle
        Assert.All(d.Lines, l => Assert.Equal(0.5, l.Positions[3]));
        // metric axis: 90, 95, 80 -> 2/3, 1, 0
        Assert.Equal(2.0 / 3, d.Lines[0].Positions[4], 9);
        Assert.Equal(80.0, d.MinValue, 9);
        Assert.Equal(95.0, d.MaxValue, 9);
    }

    [Fact]
    public void ParallelCoordinatesGiveWholeNumberGridDimensionsDiscreteAxes()
    {
        // Widths spanning six doublings (log scale and in-between ticks as a numeric axis) and two depths: one evenly
        // spaced position per value, in numeric order, each value its own tick; the learning rate stays numeric.
        int[] widths = [16, 32, 64, 128, 256, 512, 1024];
        // Depth and width come from the trial's hidden layers: one or two layers of the width.
        var trials = widths.Select((w, i) => T(i, 80 + i, i % 2 == 0 ? [w] : [w, w], 0.001 * (i + 1)) with
        {
            Params = new()
            {
                ["width"] = w.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["learning_rate"] = (0.001 * (i + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        }).ToArray();
        var d = ParallelCoordinates.Build(trials, ["width", "depth", "learning_rate"], Metric.TestAccuracy);
        var width = d.Axes[0];
        Assert.False(width.Log);
        Assert.Equal(widths.Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture)), width.Categories!);
        Assert.Equal(width.Categories!, width.TickLabels);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => i / 6.0), width.TickPositions);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => i / 6.0), d.Lines.Select(l => l.Positions[0]));
        Assert.Equal(["1", "2"], d.Axes[1].Categories!);
        Assert.Equal([0.0, 1.0, 0.0], d.Lines.Take(3).Select(l => l.Positions[1]));
        Assert.Null(d.Axes[2].Categories);
        Assert.Null(d.Axes[3].Categories); // the metric axis is numeric even when its values are whole numbers
    }

    [Fact]
    public void SeedBoxUsesType7QuartilesAndTukeyWhiskers()
    {
        // values 1..8 and an outlier 40: q1 = 3, median = 5, q3 = 7 (type 7 over 9 values), IQR 4, fence 13.
        var b = SeedBoxes.Of("x", [5, 1, 2, 3, 4, 6, 7, 8, 40]);
        Assert.Equal(3, b.Q1, 9);
        Assert.Equal(5, b.Median, 9);
        Assert.Equal(7, b.Q3, 9);
        Assert.Equal(1, b.WhiskerLow, 9);
        Assert.Equal(8, b.WhiskerHigh, 9);
        Assert.Equal(76.0 / 9, b.Mean, 9);
    }

    [Fact]
    public void SeedBoxesGroupByConfigurationInNumericOrder()
    {
        var boxes = SeedBoxes.Build(FakeTrials.Grid(), ["width"]);
        Assert.Equal(["30", "100"], boxes.Select(b => b.Label));
        Assert.Equal("1 / 30 / 0.01", SeedBoxes.Build(FakeTrials.Grid(), ["depth", "width", "learning_rate"])[0].Label);
        Assert.Equal("depth / width / learning_rate", SeedBoxes.AxisLabel(["depth", "width", "learning_rate"]));
        Assert.Equal(18, boxes[0].Values.Count); // 2 depths x 3 rates x 3 seeds; the diverged trial is left out
    }

    [Fact]
    public void LearningCurvesTakeTheBestKByValidationAccuracyWithTheirStopEpoch()
    {
        var trials = FakeTrials.Grid();
        var curves = LearningCurves.BestK(trials, id => FakeTrials.Epochs(trials.Single(t => t.Id == id)), 2);
        var best = trials.Where(t => t.ValidationAccuracy is not null).OrderByDescending(t => t.ValidationAccuracy).ThenBy(t => t.Id).Take(2).ToList();
        Assert.Equal(best.Select(t => t.Id), curves.Select(c => c.TrialId));
        Assert.Equal(best[0].BestEpoch, curves[0].StopEpoch);
        Assert.Equal(12, curves[0].Epochs.Length);
        Assert.Equal(FakeTrials.Epochs(best[0])[0].TrainAccuracy * 100, curves[0].TrainAccuracy[0], 9);
        Assert.Contains("width=100", curves[0].Label);
    }

    [Fact]
    public void ParamScatterMarksLearningRateLogAndCategoricalValuesByIndex()
    {
        var trials = FakeTrials.Grid();
        var lr = ParamScatter.Build(trials, "learning_rate", "depth");
        Assert.True(lr.LogX);
        Assert.Null(lr.Categories);
        Assert.Equal(["1", "2"], lr.ColourValues);
        Assert.Equal(36, lr.Points.Count);
        var hidden = ParamScatter.Build(trials, "hidden", null);
        Assert.False(hidden.LogX);
        Assert.Equal(4, hidden.Categories!.Count);
        Assert.All(hidden.Points, p => Assert.InRange(p.X, 0, 3));
        // Grid dimensions of whole numbers are discrete positions in numeric order, not a numeric axis.
        var width = ParamScatter.Build(trials, "width", null);
        Assert.False(width.LogX);
        Assert.Equal(["30", "100"], width.Categories);
        Assert.Equal([0.0, 1.0], width.Points.Select(p => p.X).Distinct().Order());
        Assert.Equal(["1", "2"], ParamScatter.Build(trials, "depth", "width").Categories);
    }

    [Fact]
    public void ConfusionRowFractionsAndAccuracy()
    {
        var c = Confusion.Build([[8, 2], [1, 9]]);
        Assert.Equal(0.8, c.RowFraction[0, 0], 12);
        Assert.Equal(0.1, c.RowFraction[1, 0], 12);
        Assert.Equal(17.0 / 20, c.Accuracy, 12);
        Assert.Throws<ArgumentException>(() => Confusion.Build([[1, 2], [3]]));
    }

    [Fact]
    public void WeightMosaicPlacesEachUnitScaledByItsMaxAbs()
    {
        // 5 units of a 2x2 "image": 3 columns, 2 rows of tiles, one NaN gap between tiles.
        var w = new float[] { 1, 2, 3, 4, -2, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 5, 0, 0, 0 };
        var m = WeightImages.FirstLayer(w, outputs: 5, inputs: 4);
        Assert.Equal((3, 2), (m.Columns, m.Rows));
        Assert.Equal((5, 8), (m.Pixels.GetLength(0), m.Pixels.GetLength(1)));
        Assert.Equal(0.25, m.Pixels[0, 0], 6);
        Assert.Equal(1.0, m.Pixels[1, 1], 6);
        Assert.True(double.IsNaN(m.Pixels[0, 2]));
        Assert.Equal(-1.0, m.Pixels[0, 3], 6); // unit 1, top-left
        Assert.Equal(0.0, m.Pixels[0, 6], 6); // unit 2 is all zero: stays zero
        Assert.Equal(1.0, m.Pixels[3, 3], 6); // unit 4 (row 1, column 1)
        Assert.True(double.IsNaN(m.Pixels[3, 6])); // no sixth unit
        Assert.Throws<ArgumentException>(() => WeightImages.FirstLayer(new float[10], 2, 5));
    }

    [Fact]
    public void HistogramBinsIncludeTheRightEdgeInTheLastBin()
    {
        var h = HiddenUnits.MakeHistogram(new float[] { 0, 0, 1, 2, 3, 4 }, 4);
        Assert.Equal([0.0, 1, 2, 3, 4], h.Edges);
        Assert.Equal([2, 1, 1, 2], h.Counts);
        var flat = HiddenUnits.MakeHistogram(new float[] { 2, 2 }, 2);
        Assert.Equal([1.5, 2.0, 2.5], flat.Edges);
        Assert.Equal([0, 2], flat.Counts);
    }

    [Fact]
    public void DiagnoseComputesSparsityDeadUnitsAndCorrelation()
    {
        // 4 examples x 3 units: unit 0 = 1,2,3,4; unit 1 = 2 * unit 0; unit 2 always 0 (dead).
        float[] a = [1, 2, 0, 2, 4, 0, 3, 6, 0, 4, 8, 0];
        var d = HiddenUnits.Diagnose(layer: 1, a, width: 3, bins: 4);
        Assert.Equal(4, d.Examples);
        Assert.Equal(4.0 / 12, d.Sparsity, 12);
        Assert.Equal(1.0 / 3, d.DeadFraction, 12);
        Assert.Equal(1.0, d.Correlation[0, 1], 12);
        Assert.Equal(1.0, d.Correlation[0, 0], 12);
        Assert.True(double.IsNaN(d.Correlation[0, 2]));
        Assert.Equal(1.0, d.MeanAbsCorrelation, 12);
        // anti-correlated pair
        var e = HiddenUnits.Diagnose(1, [1, 3, 2, 2, 3, 1], 2);
        Assert.Equal(-1.0, e.Correlation[1, 0], 12);
    }

    [Fact]
    public void PearsonAgainstHandComputedValue()
    {
        // x = 1,2,3; y = 1,3,2: cov = 0.5, var x = 1, var y = 1 -> r = 0.5 (sample or population, same ratio)
        Assert.Equal(0.5, Statistics.Pearson([1.0, 2, 3], [1.0, 3, 2]), 12);
        Assert.Equal(Math.Sqrt(2.0 / 3), Statistics.SampleStd([1.0, 2, 3]) * Math.Sqrt(2.0 / 3), 12);
        Assert.Equal(1.0, Statistics.SampleStd([1.0, 2, 3]), 12);
    }
}
