using Harness.Reports.PlotData;
using Harness.Reports.Trials;
using ScottPlot;

namespace Harness.Reports.Figures;

/// <summary>
/// Draws plot data as figures, each saved as stem.png and stem.svg. Only drawing happens here; every number
/// comes from the Harness.Reports.PlotData functions.
/// </summary>
public static class FigureRenderer
{
    private const int W = 900, H = 560;

    /// <summary>Train (solid) vs validation (dashed) accuracy or loss per epoch; a marker on each early-stop epoch.</summary>
    public static FigureFiles LearningCurves(IReadOnlyList<LearningCurve> curves, bool loss, string title, string stem)
    {
        var plot = FigureKit.NewPlot(title + (loss ? ": loss" : ": accuracy") + " (solid train, dashed validation, ◆ kept epoch)",
            "epoch", loss ? "loss" : "accuracy (%)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        for (int i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            var colour = FigureKit.Category(i);
            var x = c.Epochs.Select(e => (double)e).ToArray();
            var train = plot.Add.ScatterLine(x, loss ? c.TrainLoss : c.TrainAccuracy, colour);
            train.LineWidth = 2;
            var val = plot.Add.ScatterLine(x, loss ? c.ValidationLoss : c.ValidationAccuracy, colour);
            val.LineWidth = 2;
            val.LinePattern = LinePattern.Dashed;
            val.LegendText = c.Label;
            if (c.StopEpoch is { } s && Array.IndexOf(c.Epochs, s) is var k and >= 0)
                plot.Add.Marker(s, loss ? c.ValidationLoss[k] : c.ValidationAccuracy[k], MarkerShape.FilledDiamond, 12, colour);
        }
        int width = FigureKit.LegendOutside(plot, W);
        if (!loss) FigureKit.CapAtHundred(plot);
        return FigureSaver.Save(plot, stem, width, H);
    }

    /// <summary>The metric against one parameter, one colour per value of the second parameter.</summary>
    public static FigureFiles ParamScatter(ParamScatterData d, string title, string stem)
    {
        var plot = FigureKit.NewPlot(title, d.Param + (d.LogX ? " (log scale)" : ""), d.Metric.Label());
        var groups = d.ColourBy is null ? [""] : d.ColourValues;
        for (int g = 0; g < groups.Count; g++)
        {
            var pts = d.Points.Where(p => d.ColourBy is null || p.Colour == groups[g]).ToList();
            var s = plot.Add.ScatterPoints(pts.Select(p => d.LogX ? Math.Log10(p.X) : p.X).ToArray(),
                pts.Select(p => p.Y).ToArray(), FigureKit.Category(g));
            s.MarkerSize = 9;
            if (d.ColourBy is not null) s.LegendText = $"{d.ColourBy}={TrialSet.Display(groups[g])}";
        }
        if (d.LogX) FigureKit.LogBottom(plot, d.Points.Select(p => Math.Log10(p.X)));
        if (d.Categories is not null) FigureKit.CategoryBottom(plot, d.Categories.Select(TrialSet.Display).ToList());
        int width = d.ColourBy is null ? W : FigureKit.LegendOutside(plot, W);
        plot.Axes.Margins(0.08, 0.12);
        if (d.Metric.HigherIsBetter()) FigureKit.CapAtHundred(plot);
        return FigureSaver.Save(plot, stem, width, H);
    }

    /// <summary>Mean metric per grid cell, with the mean and trial count written in each cell.</summary>
    public static FigureFiles Heatmap(HeatmapData d, string title, string stem)
    {
        var plot = FigureKit.NewPlot(title, d.ColumnParam, d.RowParam);
        int rows = d.RowLabels.Count, cols = d.ColumnLabels.Count;
        var hm = FigureKit.Grid(plot, d.Mean, new ScottPlot.Colormaps.Viridis());
        var cb = plot.Add.ColorBar(hm);
        cb.Label = d.Metric.Label();
        var finite = d.Mean.Cast<double>().Where(double.IsFinite).ToList();
        double mid = finite.Count == 0 ? 0 : (finite.Min() + finite.Max()) / 2;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                if (d.Count[r, c] == 0) continue;
                var t = plot.Add.Text($"{d.Mean[r, c].ToString("F2", System.Globalization.CultureInfo.InvariantCulture)}\n(n={d.Count[r, c]})",
                    c + 0.5, rows - r - 0.5);
                t.Alignment = Alignment.MiddleCenter;
                t.LabelFontSize = 13;
                t.LabelFontColor = d.Mean[r, c] < mid ? Colors.White : Colors.Black;
            }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, cols).Select(c => c + 0.5).ToArray(), d.ColumnLabels.Select(TrialSet.Display).ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(r => rows - r - 0.5).ToArray(), d.RowLabels.Select(TrialSet.Display).ToArray());
        plot.Axes.SetLimits(0, cols, 0, rows);
        return FigureSaver.Save(plot, stem, W, H);
    }

    /// <summary>One line per trial across normalised parameter axes, coloured by the metric (Viridis).</summary>
    public static FigureFiles ParallelCoordinates(ParallelCoordinatesData d, string title, string stem)
    {
        var plot = FigureKit.NewPlot(title, "", "");
        int a = d.Axes.Count;
        foreach (var line in d.Lines.OrderBy(l => l.Value))
        {
            var s = plot.Add.ScatterLine(Enumerable.Range(0, a).Select(i => (double)i).ToArray(), line.Positions,
                FigureKit.Scaled(line.Value, d.MinValue, d.MaxValue).WithAlpha(0.8));
            s.LineWidth = 1.5f;
        }
        for (int i = 0; i < a; i++)
        {
            var axisLine = plot.Add.VerticalLine(i, 1, Colors.Black);
            axisLine.LinePattern = LinePattern.Solid;
            var ax = d.Axes[i];
            for (int k = 0; k < ax.TickLabels.Count; k++)
            {
                var t = plot.Add.Text(ax.TickLabels[k], i, ax.TickPositions[k]);
                t.Alignment = Alignment.MiddleLeft;
                t.OffsetX = 4;
                t.LabelFontSize = 11;
                t.LabelBackgroundColor = Colors.White.WithAlpha(0.7);
            }
        }
        // A hidden one-row heatmap carries the metric's range for the colour bar.
        var range = plot.Add.Heatmap(new double[,] { { d.MinValue, d.MaxValue } });
        range.Colormap = new ScottPlot.Colormaps.Viridis();
        range.Rectangle = new CoordinateRect(0, 0.001, 0, 0.001);
        range.IsVisible = false;
        var cb = plot.Add.ColorBar(range);
        cb.Label = d.Metric.Label();
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, a).Select(i => (double)i).ToArray(),
            d.Axes.Select(x => x.Name + (x.Log ? " (log)" : "")).ToArray());
        plot.Axes.Left.SetTicks([0, 1], ["min", "max"]);
        plot.Axes.SetLimits(-0.15, a - 0.5, -0.05, 1.05);
        return FigureSaver.Save(plot, stem, Math.Max(W, 160 * a + 200), H);
    }

    /// <summary>
    /// Box (quartiles, 1.5 IQR whiskers) of the metric over seeds per configuration, seeds as dots. Configuration
    /// labels (values only, the keys named by <paramref name="xLabel"/>) stand level under the boxes when they fit
    /// the space each box has, else at 45 degrees, with the axis sized to hold them.
    /// </summary>
    public static FigureFiles SeedBoxes(IReadOnlyList<SeedBox> boxes, Metric metric, string title, string stem, string xLabel = "")
    {
        var plot = FigureKit.NewPlot(title, xLabel, metric.Label());
        var list = boxes.Select((b, i) => new Box
        {
            Position = i,
            BoxMin = b.Q1,
            BoxMax = b.Q3,
            BoxMiddle = b.Median,
            WhiskerMin = b.WhiskerLow,
            WhiskerMax = b.WhiskerHigh,
            Width = 0.6,
        }).ToList();
        plot.Add.Boxes(list);
        foreach (var b in list) { b.FillColor = FigureKit.Category(0).WithAlpha(0.35); b.LineColor = FigureKit.Category(0); }
        for (int i = 0; i < boxes.Count; i++)
            plot.Add.Markers(boxes[i].Values.Select(_ => (double)i).ToArray(), boxes[i].Values.ToArray(),
                MarkerShape.FilledCircle, 6, Colors.Black.WithAlpha(0.6));
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, boxes.Count).Select(i => (double)i).ToArray(), boxes.Select(b => b.Label).ToArray());
        int width = Math.Max(W, 50 * boxes.Count + 200);
        float labelPixels = 7.5f * boxes.Max(b => b.Label.Length);
        float perBox = (width - 150f) / Math.Max(1, boxes.Count);
        if (labelPixels > perBox - 8)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 40 + 0.72f * labelPixels;
        }
        plot.Axes.Margins(0.05, 0.1);
        if (metric.HigherIsBetter()) FigureKit.CapAtHundred(plot);
        return FigureSaver.Save(plot, stem, width, H + (int)plot.Axes.Bottom.MinimumSize);
    }

    /// <summary>Each trial's value by trial number, and the best so far as a step line.</summary>
    public static FigureFiles OptimizationHistory(IReadOnlyList<HistoryPoint> points, Metric metric, string title, string stem)
    {
        var plot = FigureKit.NewPlot(title, "trial number", metric.Label());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        var trials = plot.Add.ScatterPoints(points.Select(p => (double)p.Number).ToArray(), points.Select(p => p.Value).ToArray(),
            FigureKit.Category(0));
        trials.LegendText = "trial";
        trials.MarkerSize = 7;
        var (sx, sy) = PlotData.OptimizationHistory.Steps(points);
        var best = plot.Add.ScatterLine(sx, sy, FigureKit.Category(3));
        best.LineWidth = 2.5f;
        best.LegendText = "best so far";
        int width = FigureKit.LegendOutside(plot, W);
        if (metric.HigherIsBetter()) FigureKit.CapAtHundred(plot);
        return FigureSaver.Save(plot, stem, width, H);
    }

    /// <summary>Row-normalised confusion matrix with counts in the cells.</summary>
    public static FigureFiles ConfusionMatrix(ConfusionData d, string title, string stem)
    {
        int k = d.Counts.Length;
        var plot = FigureKit.NewPlot($"{title} (accuracy {d.Accuracy * 100:F2}%, n={d.Total})", "predicted class", "true class");
        // Blues runs dark to light; reversed, a high fraction is dark blue.
        var hm = FigureKit.Grid(plot, d.RowFraction, new ScottPlot.Colormaps.Blues().Reversed());
        hm.ManualRange = new ScottPlot.Range(0, 1);
        var cb = plot.Add.ColorBar(hm);
        cb.Label = "fraction of true class";
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++)
            {
                var txt = plot.Add.Text(d.Counts[t][p].ToString(System.Globalization.CultureInfo.InvariantCulture), p + 0.5, k - t - 0.5);
                txt.Alignment = Alignment.MiddleCenter;
                txt.LabelFontSize = k > 12 ? 9 : 12;
                txt.LabelFontColor = d.RowFraction[t, p] > 0.5 ? Colors.White : Colors.Black;
            }
        var labels = Enumerable.Range(0, k).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, k).Select(i => i + 0.5).ToArray(), labels);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, k).Select(i => k - i - 0.5).ToArray(), labels);
        plot.Axes.SetLimits(0, k, 0, k);
        return FigureSaver.Save(plot, stem, 760, 680);
    }

    /// <summary>First-layer weight images (red positive, blue negative, each unit scaled to its max |w|).</summary>
    public static FigureFiles WeightMosaic(WeightMosaic m, string title, string stem)
    {
        var plot = FigureKit.NewPlot($"{title} ({m.Units} units, {m.Side}x{m.Side})", "", "");
        var hm = FigureKit.Grid(plot, m.Pixels, new ScottPlot.Colormaps.Balance());
        hm.ManualRange = new ScottPlot.Range(-1, 1);
        var cb = plot.Add.ColorBar(hm);
        cb.Label = "w / max|w| of the unit";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.SetLimits(0, m.Pixels.GetLength(1), 0, m.Pixels.GetLength(0));
        plot.Axes.SquareUnits();
        return FigureSaver.Save(plot, stem, 760, 760);
    }

    /// <summary>Small grey-scale images (feature maps, augmented digits): dark = high, each tile already scaled to [0, 1].</summary>
    public static FigureFiles ImageMosaic(ImageMosaic m, string title, string stem)
    {
        var plot = FigureKit.NewPlot($"{title} ({m.Tiles} images, {m.TileHeight}x{m.TileWidth})", "", "");
        var hm = FigureKit.Grid(plot, m.Pixels, new ScottPlot.Colormaps.GrayscaleReversed());
        hm.ManualRange = new ScottPlot.Range(0, 1);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.SetLimits(0, m.Pixels.GetLength(1), 0, m.Pixels.GetLength(0));
        plot.Axes.SquareUnits();
        double aspect = m.Pixels.GetLength(0) / (double)m.Pixels.GetLength(1);
        return FigureSaver.Save(plot, stem, 760, (int)Math.Clamp(760 * aspect + 80, 260, 1000));
    }

    /// <summary>Activation histograms of every hidden layer, overlaid as fractions of that layer's activations.</summary>
    public static FigureFiles ActivationHistograms(IReadOnlyList<HiddenLayerDiagnostics> layers, string title, string stem)
    {
        var plot = FigureKit.NewPlot(title, "activation", "fraction of activations");
        for (int i = 0; i < layers.Count; i++)
        {
            var h = layers[i].Histogram;
            double total = Math.Max(1, h.Counts.Sum());
            var x = new List<double>();
            var y = new List<double>();
            for (int b = 0; b < h.Counts.Length; b++)
            {
                x.Add(h.Edges[b]); y.Add(h.Counts[b] / total);
                x.Add(h.Edges[b + 1]); y.Add(h.Counts[b] / total);
            }
            var s = plot.Add.ScatterLine(x.ToArray(), y.ToArray(), FigureKit.Category(i));
            s.LineWidth = 2;
            s.LegendText = $"layer {layers[i].Layer} (width {layers[i].Width}): {layers[i].Sparsity * 100:F1}% near zero, " +
                           $"{layers[i].DeadFraction * 100:F1}% units dead";
        }
        return FigureSaver.Save(plot, stem, FigureKit.LegendOutside(plot, W), H);
    }

    /// <summary>Sparsity (near-zero activations) and dead units per hidden layer as grouped bars.</summary>
    public static FigureFiles Sparsity(IReadOnlyList<HiddenLayerDiagnostics> layers, string title, string stem)
    {
        var plot = FigureKit.NewPlot(title, "hidden layer", "percent");
        var bars = new List<Bar>();
        for (int i = 0; i < layers.Count; i++)
        {
            bars.Add(new Bar { Position = i * 3, Value = layers[i].Sparsity * 100, FillColor = FigureKit.Category(0) });
            bars.Add(new Bar { Position = i * 3 + 1, Value = layers[i].DeadFraction * 100, FillColor = FigureKit.Category(1) });
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(layers.Select((_, i) => i * 3 + 0.5).ToArray(),
            layers.Select(l => $"layer {l.Layer} ({l.Width})").ToArray());
        plot.ShowLegend([
            new LegendItem { LabelText = "activations near zero", FillColor = FigureKit.Category(0) },
            new LegendItem { LabelText = "dead units", FillColor = FigureKit.Category(1) },
        ], Alignment.UpperRight);
        int width = FigureKit.LegendOutside(plot, W);
        plot.Axes.SetLimitsY(0, 100);
        return FigureSaver.Save(plot, stem, width, H);
    }

    /// <summary>Pearson correlation between hidden units of one layer (grey where a unit is constant).</summary>
    public static FigureFiles Correlation(HiddenLayerDiagnostics d, string title, string stem)
    {
        int m = d.Correlation.GetLength(0);
        var plot = FigureKit.NewPlot($"{title}: layer {d.Layer}, first {m} of {d.Width} units, mean |r| {d.MeanAbsCorrelation:F2}",
            "unit", "unit");
        var hm = FigureKit.Grid(plot, d.Correlation, new ScottPlot.Colormaps.Balance());
        hm.ManualRange = new ScottPlot.Range(-1, 1);
        hm.NaNCellColor = Colors.LightGray;
        var cb = plot.Add.ColorBar(hm);
        cb.Label = "Pearson r";
        var step = Math.Max(1, m / 8);
        var ticks = Enumerable.Range(0, m).Where(i => i % step == 0).ToArray();
        plot.Axes.Bottom.SetTicks(ticks.Select(i => i + 0.5).ToArray(), ticks.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Left.SetTicks(ticks.Select(i => m - i - 0.5).ToArray(), ticks.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimits(0, m, 0, m);
        return FigureSaver.Save(plot, stem, 760, 680);
    }
}
