namespace Harness.Data.Tests.Images;

/// <summary>The geometric transforms behind augmentation, on images small enough to check by hand.</summary>
public sealed class ImageWarpTests
{
    private static readonly ImageShape Shape = new(1, 5, 5);

    private static float[] Dot(int x, int y)
    {
        var img = new float[25];
        img[y * 5 + x] = 1f;
        return img;
    }

    [Fact]
    public void The_identity_leaves_an_image_unchanged()
    {
        var src = Enumerable.Range(0, 25).Select(i => i / 25f).ToArray();
        var dst = new float[25];
        ImageWarp.Apply(src, dst, Shape, AffineWarp.Identity);
        Assert.Equal(src, dst);
    }

    [Fact]
    public void A_whole_pixel_shift_moves_every_pixel_and_fills_with_zero()
    {
        var dst = new float[25];
        ImageWarp.Apply(Dot(1, 1), dst, Shape, new AffineWarp(0, 1, 2, 1));
        Assert.Equal(Dot(3, 2), dst);
        ImageWarp.Apply(Dot(4, 0), dst, Shape, new AffineWarp(0, 1, 1, 0));
        Assert.All(dst, v => Assert.Equal(0f, v)); // moved out of the image
    }

    [Fact]
    public void A_quarter_turn_maps_a_pixel_counter_clockwise_around_the_centre()
    {
        var dst = new float[25];
        ImageWarp.Apply(Dot(4, 2), dst, Shape, new AffineWarp(Math.PI / 2, 1, 0, 0));
        var expected = Dot(2, 0); // counter-clockwise on screen: 2 px right of the centre turns to 2 px above it (y grows downwards)
        for (int i = 0; i < 25; i++) Assert.Equal(expected[i], dst[i], 5);
    }

    [Fact]
    public void Channels_move_together()
    {
        var shape = new ImageShape(2, 3, 3);
        var src = new float[18];
        src[(1 * 3 + 1) * 2] = 1f; src[(1 * 3 + 1) * 2 + 1] = 2f; // centre pixel, channels 1 and 2
        var dst = new float[18];
        ImageWarp.Apply(src, dst, shape, new AffineWarp(0, 1, 1, 0));
        Assert.Equal(1f, dst[(1 * 3 + 2) * 2]);
        Assert.Equal(2f, dst[(1 * 3 + 2) * 2 + 1]);
        Assert.Equal(3f, dst.Sum());
    }

    [Fact]
    public void A_half_pixel_shift_interpolates_and_a_displacement_field_adds_to_the_warp()
    {
        var dst = new float[25];
        ImageWarp.Apply(Dot(2, 2), dst, Shape, new AffineWarp(0, 1, 0.5, 0));
        Assert.Equal(0.5f, dst[2 * 5 + 2]);
        Assert.Equal(0.5f, dst[2 * 5 + 3]);
        var dx = Enumerable.Repeat(-1f, 25).ToArray(); // every output pixel reads one pixel to the left
        ImageWarp.Apply(Dot(2, 2), dst, Shape, AffineWarp.Identity, dx, new float[25]);
        Assert.Equal(Dot(3, 2), dst);
    }

    [Fact]
    public void Smoothing_keeps_a_constant_interior_and_spreads_a_spike()
    {
        var field = Enumerable.Repeat(1f, 21 * 21).ToArray();
        ImageWarp.Smooth(field, 21, 21, 1.5);
        Assert.Equal(1f, field[10 * 21 + 10], 5);
        Assert.True(field[0] < 1f); // zeros outside pull the corner down
        var spike = new float[21 * 21];
        spike[10 * 21 + 10] = 1f;
        ImageWarp.Smooth(spike, 21, 21, 1.5);
        Assert.Equal(1f, spike.Sum(), 4);
        Assert.True(spike[10 * 21 + 11] > 0 && spike[10 * 21 + 10] < 0.2f);
    }

    [Fact]
    public void Dataset_shape_must_match_the_features_and_travels_with_subsets_and_standardization()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset("d", new float[8], 4, [0, 1], 2) { Shape = new ImageShape(1, 2, 3) });
        Assert.Contains("image shape 1x2x3 holds 6 values but the dataset has 4 features", e.Message);
        var d = new Dataset("d", new float[8], 4, [0, 1], 2) { Shape = new ImageShape(1, 2, 2) };
        Assert.Equal(new ImageShape(1, 2, 2), d.Slice(1, 1).Shape);
        Assert.Equal(new ImageShape(1, 2, 2), Standardization.Fit(d).Apply(d).Shape);
    }
}
