namespace Harness.Engine.Tests.Layers;

/// <summary>The compact layer labels of tables and figures read back into layer lists (the CLI's --layers).</summary>
public sealed class LayerLabelsTests
{
    [Theory]
    [InlineData("c32k5-p2-c64k5-p2-d1024")]
    [InlineData("c6k5same-p2-c16k5-p2-d120-d84")]
    [InlineData("c8k3s2same-a3s2-f-d10")]
    [InlineData("d30-d30")]
    public void A_label_parses_to_layers_that_print_the_same_label(string label) =>
        Assert.Equal(label, LayerSpec.LabelOf(LayerLabels.Parse(label)));

    [Fact]
    public void Parts_map_to_the_documented_layers()
    {
        Assert.Equal<LayerSpec>([new ConvLayer(8, 3, 2, Padding.Same), new PoolLayer(PoolKind.Avg, 3, 2), new FlattenLayer(), new DenseLayer(10)],
            LayerLabels.Parse("c8k3s2same-a3s2-f-d10"));
    }

    [Theory]
    [InlineData("c32-p2", "'c32' (layer 1 of 'c32-p2') is not a layer")]
    [InlineData("c32k5-x2", "'x2' (layer 2 of 'c32k5-x2') is not a layer")]
    [InlineData("d99999999999", "is too large")]
    public void A_bad_part_is_named_with_the_rule(string label, string expected)
    {
        var e = Assert.Throws<FormatException>(() => LayerLabels.Parse(label));
        Assert.Contains(expected, e.Message);
    }
}
