using Harness.Reports.Figures;
using Harness.Reports.PlotData;
using Harness.Reports.Tests.Support;
using Harness.Reports.Trials;

namespace Harness.Reports.Tests.Figures;

public sealed class FigureRendererTests
{
    private static readonly List<Harness.Store.TrialRecord> Trials = FakeTrials.Grid();

    /// <summary>Both files exist, the PNG is a real PNG of some size, the SVG holds the expected text.</summary>
    private static void AssertFigure(FigureFiles f, params string[] svgTexts)
    {
        var png = File.ReadAllBytes(f.Png);
        Assert.True(png.Length > 5000, $"{f.Png} is only {png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var svg = File.ReadAllText(f.Svg);
        Assert.StartsWith("<svg", svg.TrimStart().StartsWith("<?xml") ? svg[(svg.IndexOf("?>") + 2)..].TrimStart() : svg.TrimStart());
        foreach (var t in svgTexts) Assert.Contains(System.Security.SecurityElement.Escape(t), svg);
    }

    [Fact]
    public void LearningCurvesAccuracy()
    {
        var curves = LearningCurves.BestK(Trials, id => FakeTrials.Epochs(Trials.Single(t => t.Id == id)), 3);
        AssertFigure(FigureRenderer.LearningCurves(curves, loss: false, "grid: best 3", TestOutput.Stem()), "epoch", "accuracy (%)");
    }

    /// <summary>Numbers written in the SVG (tick labels among them).</summary>
    private static List<double> SvgNumbers(FigureFiles f) =>
        System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f.Svg), ">([^<>]+)</text>")
            .Select(m => double.TryParse(m.Groups[1].Value, System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var x) ? x : double.NaN)
            .Where(double.IsFinite).ToList();

    [Fact]
    public void AccuracyAxesStopAtOneHundredPercent()
    {
        // Curves that reach 100 %: a fitted axis with margins would run to 105.
        int[] epochs = [1, 2, 3, 4, 5];
        double[] rising = [50, 75, 100, 100, 100];
        var curves = new List<LearningCurve> { new(1, "#0 width=2", epochs, rising, rising, [1, 0.5, 0.1, 0.05, 0.01], [1, 0.6, 0.2, 0.1, 0.05], 3) };
        var accuracy = FigureRenderer.LearningCurves(curves, loss: false, "xor: best 1", TestOutput.Stem("AccuracyAxesStopAtOneHundredPercent_curves"));
        var numbers = SvgNumbers(accuracy);
        Assert.Contains(100.0, numbers);
        Assert.DoesNotContain(numbers, x => x > 100);
        var history = FigureRenderer.OptimizationHistory(
            [new HistoryPoint(0, 1, 90, 90), new HistoryPoint(1, 2, 100, 100), new HistoryPoint(2, 3, 99, 100)], Metric.ValidationAccuracy,
            "history", TestOutput.Stem("AccuracyAxesStopAtOneHundredPercent_history"));
        Assert.DoesNotContain(SvgNumbers(history), x => x > 100);
    }

    [Fact]
    public void PercentAxesLeaveHeadroomAboveOneHundredWithNoTickAboveIt()
    {
        // A curve at exactly 100 % sat on the top frame; the axis now ends a little above 100, its ticks at 100.
        var plot = FigureKit.NewPlot("t", "epoch", "accuracy (%)");
        plot.Add.Scatter(new double[] { 1, 2, 3, 4 }, new double[] { 60, 90, 100, 100 });
        FigureKit.CapAtHundred(plot);
        var limits = plot.Axes.GetLimits();
        Assert.InRange(limits.Top, 100.5, 101.5);
        Assert.True(limits.Bottom < 60);
        plot.GetImage(600, 400); // renders, which regenerates the ticks for the final limits
        var ticks = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).ToList();
        Assert.Contains(100.0, ticks);
        Assert.DoesNotContain(ticks, t => t > 100);
        // Data well below 100 keeps ScottPlot's own fitted axis.
        var low = FigureKit.NewPlot("t", "epoch", "accuracy (%)");
        low.Add.Scatter(new double[] { 1, 2 }, new double[] { 40, 60 });
        FigureKit.CapAtHundred(low);
        Assert.True(low.Axes.GetLimits().Top < 100);
    }

    [Fact]
    public void ParallelCoordinatesLabelEveryGridWidth()
    {
        // Seven whole-number widths: as a numeric axis they got five in-between ticks (16, 268, 520, ...); as a
        // discrete axis, as in the scatter plots, every width is a label and none other.
        int[] widths = [16, 32, 64, 128, 256, 512, 1024];
        var trials = widths.Select((w, i) => FakeTrials.Trial("e", i, 0, i % 2 == 0 ? [w] : [w, w], 0.01, 0.8 + 0.01 * i, new()
        {
            ["width"] = w.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).ToList();
        var f = FigureRenderer.ParallelCoordinates(ParallelCoordinates.Build(trials, ["depth", "width"]), "grid", TestOutput.Stem());
        AssertFigure(f, "depth", "width", "val_acc");
        var labels = SvgNumbers(f);
        Assert.All(widths, w => Assert.Contains((double)w, labels));
        Assert.DoesNotContain(268.0, labels);
    }

    [Fact]
    public void LegendsStandRightOfTheDataArea()
    {
        // Labels as long as real ones; inside the plot they covered curves and points.
        var curves = LearningCurves.BestK(Trials, id => FakeTrials.Epochs(Trials.Single(t => t.Id == id)), 3);
        var figures = new[]
        {
            FigureRenderer.LearningCurves(curves, loss: false, "grid: best 3", TestOutput.Stem("LegendsStandRightOfTheDataArea_curves")),
            FigureRenderer.ParamScatter(ParamScatter.Build(Trials, "learning_rate", "width"), "scatter", TestOutput.Stem("LegendsStandRightOfTheDataArea_scatter")),
            FigureRenderer.OptimizationHistory(OptimizationHistory.Build(Trials), Metric.ValidationAccuracy, "history",
                TestOutput.Stem("LegendsStandRightOfTheDataArea_history")),
        };
        string[] legendStarts = [curves[0].Label, "width=", "best so far"];
        for (int i = 0; i < figures.Length; i++)
        {
            var texts = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(figures[i].Svg),
                    @"<text transform=""translate\(([-0-9.]+) [-0-9.]+\)""[^>]*>([^<]*)</text>")
                .Select(m => (X: double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                    Text: System.Net.WebUtility.HtmlDecode(m.Groups[2].Value).Trim())).ToList();
            // The rightmost bottom-axis tick label marks the data area's right end.
            double dataRight = texts.Where(t => double.TryParse(t.Text, System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out _)).Max(t => t.X);
            var legend = texts.Where(t => t.Text.StartsWith(legendStarts[i], StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(legend);
            Assert.All(legend, t => Assert.True(t.X > dataRight, $"legend '{t.Text}' at x={t.X} is over the data (right end {dataRight})"));
        }
    }

    [Fact]
    public void LearningCurvesLoss()
    {
        var curves = LearningCurves.BestK(Trials, id => FakeTrials.Epochs(Trials.Single(t => t.Id == id)), 3);
        AssertFigure(FigureRenderer.LearningCurves(curves, loss: true, "grid: best 3", TestOutput.Stem()), "epoch", "loss");
    }

    [Fact]
    public void ParamScatterLogLearningRate() =>
        AssertFigure(FigureRenderer.ParamScatter(ParamScatter.Build(Trials, "learning_rate", "width"), "validation accuracy vs learning rate",
            TestOutput.Stem()), "learning_rate (log scale)", "width=100", "0.1");

    [Fact]
    public void ParamScatterCategorical() =>
        AssertFigure(FigureRenderer.ParamScatter(ParamScatter.Build(Trials, "hidden", "learning_rate"), "validation accuracy vs hidden",
            TestOutput.Stem()), "[100,100]", "learning_rate=0.01");

    [Fact]
    public void HeatmapDepthByWidth() =>
        AssertFigure(FigureRenderer.Heatmap(HeatmapGrid.Build(Trials, "depth", "width"), "test accuracy by depth and width",
            TestOutput.Stem()), "test accuracy by depth and width", "width", "depth");

    [Fact]
    public void ContourLabelsEverySearchedValueOnBothLogAxes()
    {
        // Two log-scale parameters of a 3 x 3 grid. The largest learning rate's tick, rounded to 9 digits, stood just
        // outside the axis and was dropped; the y axis had ticks only at whole decades, so 0.0003-0.003 got log10 numbers.
        double[] rates = [0.03, 0.1, 0.3], penalties = [0.0003, 0.001, 0.003];
        var trials = (from lr in rates from l2 in penalties select (lr, l2)).Select((p, i) => FakeTrials.Trial("e", i, 0, [30], p.lr,
            0.9 + 0.01 * i, new()
            {
                ["learning_rate"] = p.lr.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["l2"] = p.l2.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })).ToList();
        var f = SearchFigures.Contour(ContourGrid.Build(trials, "learning_rate", "l2"), "e: learning_rate x l2", TestOutput.Stem());
        AssertFigure(f, "learning_rate (log scale)", "l2 (log scale)");
        var labels = SvgNumbers(f);
        Assert.All(rates.Concat(penalties), v => Assert.Contains(labels, x => Math.Abs(x - v) < 1e-12));
        Assert.DoesNotContain(labels, x => x < 0);
    }

    [Fact]
    public void ParallelCoordinatesAllTrials() =>
        AssertFigure(FigureRenderer.ParallelCoordinates(ParallelCoordinates.Build(Trials), "all trials", TestOutput.Stem()),
            "learning_rate (log)", "val_acc");

    [Fact]
    public void SeedBoxesPerConfiguration() =>
        AssertFigure(FigureRenderer.SeedBoxes(SeedBoxes.Build(Trials, ["depth", "width", "learning_rate"]), Metric.TestAccuracy,
            "test accuracy over seeds", TestOutput.Stem(), SeedBoxes.AxisLabel(["depth", "width", "learning_rate"])),
            "test accuracy over seeds", "test accuracy (%)", "depth / width / learning_rate", "2 / 100 / 0.1");

    [Fact]
    public void SeedBoxLabelsStandLevelWhenTheyFitAndAtFortyFiveDegreesOtherwise()
    {
        var few = FigureRenderer.SeedBoxes(SeedBoxes.Build(Trials, ["width"]), Metric.TestAccuracy, "test accuracy over seeds",
            TestOutput.Stem("SeedBoxLabels_few"), "width");
        AssertFigure(few, "30", "100");
        Assert.DoesNotContain("matrix(0.707107 -0.707107", File.ReadAllText(few.Svg)); // level text is only translated
        var many = FigureRenderer.SeedBoxes(SeedBoxes.Build(Trials, ["depth", "width", "learning_rate"]), Metric.TestAccuracy,
            "test accuracy over seeds", TestOutput.Stem("SeedBoxLabels_many"), "depth / width / learning_rate");
        Assert.Contains("matrix(0.707107 -0.707107", File.ReadAllText(many.Svg)); // rotated by 45 degrees, not 90
    }

    [Fact]
    public void OptimizationHistoryBestSoFar() =>
        AssertFigure(FigureRenderer.OptimizationHistory(OptimizationHistory.Build(Trials), Metric.ValidationAccuracy, "optimization history",
            TestOutput.Stem()), "trial number", "best so far");

    [Fact]
    public void ConfusionMatrixTenClasses()
    {
        var counts = Enumerable.Range(0, 10).Select(t => Enumerable.Range(0, 10).Select(p => p == t ? 950 + t : (t + p) % 7).ToArray()).ToArray();
        AssertFigure(FigureRenderer.ConfusionMatrix(Confusion.Build(counts), "confusion", TestOutput.Stem()), "predicted class", "true class", "950");
    }

    [Fact]
    public void WeightMosaicOfSyntheticUnits()
    {
        // 16 units, each a blob at a different place: positive centre, negative ring.
        int units = 16, side = 28;
        var w = new float[units * side * side];
        for (int u = 0; u < units; u++)
            for (int i = 0; i < side * side; i++)
            {
                double cy = 6 + u / 4 * 5, cx = 6 + u % 4 * 5, r = Math.Sqrt(Math.Pow(i / side - cy, 2) + Math.Pow(i % side - cx, 2));
                w[u * side * side + i] = (float)(Math.Exp(-r * r / 8) - 0.5 * Math.Exp(-r * r / 40));
            }
        AssertFigure(FigureRenderer.WeightMosaic(WeightImages.FirstLayer(w, units, side * side), "first-layer weights", TestOutput.Stem()),
            "first-layer weights");
    }

    [Fact]
    public void HiddenUnitFigures()
    {
        var rng = new Random(3);
        var layers = new List<HiddenLayerDiagnostics>();
        foreach (var (layer, width) in new[] { (1, 30), (2, 20) })
        {
            var a = new float[200 * width];
            for (int e = 0; e < 200; e++)
            {
                double shared = rng.NextDouble() - 0.5;
                for (int u = 0; u < width; u++)
                    a[e * width + u] = u == 0 ? 0 : (float)Math.Max(0, shared * (u % 3) + rng.NextDouble() - 0.5 * layer);
            }
            layers.Add(HiddenUnits.Diagnose(layer, a, width));
        }
        var stem = TestOutput.Stem();
        AssertFigure(FigureRenderer.ActivationHistograms(layers, "hidden activations", stem + "_histograms"), "activation", "layer 1 (width 30)");
        AssertFigure(FigureRenderer.Sparsity(layers, "hidden sparsity", stem + "_sparsity"), "dead units");
        AssertFigure(FigureRenderer.Correlation(layers[0], "hidden correlation", stem + "_correlation"), "Pearson r");
    }
}
