namespace Harness.Reports.PlotData;

/// <summary>Builds <see cref="ImageMosaic"/>s: a CNN layer's feature maps, and training images beside their augmented copies.</summary>
public static class ImageMosaics
{
    /// <summary>
    /// One tile per channel of an (H, W, C) channels-last activation, each scaled to [0, 1] by its own range (a
    /// constant map is 0); the first <paramref name="maxChannels"/> channels.
    /// </summary>
    public static ImageMosaic FeatureMaps(FeatureMap map, int maxChannels = 64)
    {
        ArgumentNullException.ThrowIfNull(map);
        int h = map.Height, w = map.Width, c = map.Channels;
        if (map.Values.Length != h * w * c)
            throw new ArgumentException($"feature map '{map.Layer}' holds {map.Values.Length} values, not {h}x{w}x{c}", nameof(map));
        int tiles = Math.Min(c, maxChannels);
        int cols = (int)Math.Ceiling(Math.Sqrt(tiles));
        var mosaic = Empty(tiles, h, w, cols);
        for (int ch = 0; ch < tiles; ch++)
        {
            double lo = double.MaxValue, hi = double.MinValue;
            for (int i = 0; i < h * w; i++) { lo = Math.Min(lo, map.Values[i * c + ch]); hi = Math.Max(hi, map.Values[i * c + ch]); }
            double span = hi > lo ? hi - lo : 1;
            Put(mosaic, ch, i => hi > lo ? (map.Values[i * c + ch] - lo) / span : 0);
        }
        return mosaic;
    }

    /// <summary>
    /// Rows of training images: each row an original then its augmented copies. originals: (N, H·W) and
    /// augmented: (N·copies, H·W) of one-channel images; values clamped to [0, 1].
    /// </summary>
    public static ImageMosaic Augmented(float[] originals, float[] augmented, int height, int width, int copies)
    {
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(augmented);
        int size = height * width, n = originals.Length / size;
        if (originals.Length != n * size || augmented.Length != n * copies * size)
            throw new ArgumentException($"expected {n} originals and {n * copies} augmented images of {height}x{width}");
        var mosaic = Empty(n * (copies + 1), height, width, copies + 1);
        for (int r = 0; r < n; r++)
            for (int k = 0; k <= copies; k++)
            {
                var (src, at) = k == 0 ? (originals, r * size) : (augmented, (r * copies + k - 1) * size);
                Put(mosaic, r * (copies + 1) + k, i => Math.Clamp(src[at + i], 0f, 1f));
            }
        return mosaic;
    }

    private static ImageMosaic Empty(int tiles, int h, int w, int cols)
    {
        int rows = (tiles + cols - 1) / cols;
        var px = new double[rows * (h + 1) - 1, cols * (w + 1) - 1];
        for (int y = 0; y < px.GetLength(0); y++)
            for (int x = 0; x < px.GetLength(1); x++) px[y, x] = double.NaN;
        return new ImageMosaic(tiles, h, w, cols, rows, px);
    }

    private static void Put(ImageMosaic m, int tile, Func<int, double> value)
    {
        int oy = tile / m.Columns * (m.TileHeight + 1), ox = tile % m.Columns * (m.TileWidth + 1);
        for (int i = 0; i < m.TileHeight * m.TileWidth; i++) m.Pixels[oy + i / m.TileWidth, ox + i % m.TileWidth] = value(i);
    }
}
