using System.Globalization;
using Harness.Data;
using Harness.Engine;
using Harness.Reports.Html;
using Harness.Reports.PlotData;

namespace Harness.Cli.Reporting;

/// <summary>
/// The report's view of a convolutional model: its first convolution's filters (channel 0) as images, the
/// convolution and pooling outputs for the first test image, hidden diagnostics of its dense layers only
/// (a convolution has too many units for a correlation matrix), and, when it trained with augmentation, a few
/// training images beside augmented copies drawn with its seed.
/// </summary>
internal static class CnnInsights
{
    private const int Examples = 200, Augmented = 6, Copies = 5;

    public static ModelInsights Of(Model model, LayerPlan plan, DataSplits splits, int[][] confusion)
    {
        var stages = plan.Layers.Where(l => l.Spec is not FlattenLayer && !l.IsOutput).ToList();
        var acts = model.HiddenActivations(splits.Test, Examples);
        var maps = new List<FeatureMap>();
        var hidden = new List<HiddenActivations>();
        for (int i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            if (s.Spec is DenseLayer) hidden.Add(new HiddenActivations(acts[i], s.Out.Size));
            else if (acts[i].Length >= s.Out.Size)
                maps.Add(new FeatureMap(string.Create(CultureInfo.InvariantCulture, $"layer {i + 1}: {s.Spec.Label}"), s.Out.Height, s.Out.Width, s.Out.Channels, acts[i][..s.Out.Size]));
        }
        var first = plan.Layers.First(l => l.Block == 0);
        var (weights, outputs, inputs, conv) = first.Spec is ConvLayer c ? (Channel0(model.Weights(0), c, first.In.Channels), c.Filters, c.Size * c.Size, true)
            : (model.Weights(0).ToArray(), first.Out.Size, first.In.Size, false);
        return new ModelInsights(confusion, weights, outputs, inputs, hidden, "test")
        {
            FeatureMaps = maps,
            Convolutional = conv,
            Augmented = Augment(model, splits.Train),
        };
    }

    // w: (F, size·size·C) rows ordered (ky, kx, c) -> (F, size·size) of channel 0.
    private static float[] Channel0(ReadOnlySpan<float> w, ConvLayer c, int channels)
    {
        int k2 = c.Size * c.Size;
        var result = new float[c.Filters * k2];
        for (int f = 0; f < c.Filters; f++)
            for (int i = 0; i < k2; i++) result[f * k2 + i] = w[(f * k2 + i) * channels];
        return result;
    }

    private static AugmentedImages? Augment(Model model, Dataset train)
    {
        if (model.Config.Augmentation is not { } aug || model.InputShape is not { Channels: 1 } shape || train.Count == 0) return null;
        int n = Math.Min(Augmented, train.Count);
        var originals = train.Features.AsSpan(0, n * shape.Size).ToArray();
        var copies = Augmenter.Preview(aug, shape, originals, Copies, model.Config.Seed);
        var settings = System.Text.Json.JsonSerializer.Serialize(aug, EngineJson.Compact);
        return new AugmentedImages(originals, copies, shape.Height, shape.Width, Copies, settings);
    }
}
