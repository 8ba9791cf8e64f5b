namespace Harness.Data;

/// <summary>
/// Geometric image transforms for data augmentation: an <see cref="AffineWarp"/> plus an optional displacement
/// field (elastic distortion, Simard et al. 2003), sampled bilinearly, pixels from outside the image being 0.
/// Images are channels-last, (H, W, C). Deterministic: callers draw the random parameters.
/// </summary>
public static class ImageWarp
{
    /// <summary>
    /// dst(x, y) = src at the point that <paramref name="warp"/> moves onto (x, y), displaced by
    /// (dx[y·W + x], dy[y·W + x]) when the fields are not empty. src, dst: (H, W, C), distinct. Overwrites dst.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> src, Span<float> dst, ImageShape shape, AffineWarp warp,
        ReadOnlySpan<float> dx = default, ReadOnlySpan<float> dy = default)
    {
        int h = shape.Height, w = shape.Width, c = shape.Channels;
        if (src.Length < shape.Size || dst.Length < shape.Size) throw new ArgumentException($"an image of shape {shape} needs {shape.Size} values");
        bool field = !dx.IsEmpty;
        if (field && (dx.Length < h * w || dy.Length < h * w)) throw new ArgumentException($"displacement fields need {h * w} values each");
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        double cos = Math.Cos(warp.Angle) / warp.Scale, sin = Math.Sin(warp.Angle) / warp.Scale;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                // Inverse map: undo the shift, then the rotation and scale about the centre.
                double u = x - cx - warp.ShiftX, v = y - cy - warp.ShiftY;
                double sx = cos * u - sin * v + cx, sy = sin * u + cos * v + cy;
                if (field) { sx += dx[y * w + x]; sy += dy[y * w + x]; }
                Sample(src, dst.Slice((y * w + x) * c, c), shape, sx, sy);
            }
    }

    // Bilinear sample at (sx, sy); neighbours outside the image count as 0.
    private static void Sample(ReadOnlySpan<float> src, Span<float> dst, ImageShape shape, double sx, double sy)
    {
        int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
        float fx = (float)(sx - x0), fy = (float)(sy - y0);
        dst.Clear();
        Add(src, dst, shape, x0, y0, (1 - fx) * (1 - fy));
        Add(src, dst, shape, x0 + 1, y0, fx * (1 - fy));
        Add(src, dst, shape, x0, y0 + 1, (1 - fx) * fy);
        Add(src, dst, shape, x0 + 1, y0 + 1, fx * fy);
    }

    private static void Add(ReadOnlySpan<float> src, Span<float> dst, ImageShape shape, int x, int y, float weight)
    {
        if (weight == 0 || (uint)x >= (uint)shape.Width || (uint)y >= (uint)shape.Height) return;
        var pixel = src.Slice((y * shape.Width + x) * shape.Channels, shape.Channels);
        for (int ch = 0; ch < pixel.Length; ch++) dst[ch] += weight * pixel[ch];
    }

    /// <summary>
    /// Smooths a field (H, W) in place with a Gaussian of <paramref name="sigma"/> pixels (separable, kernel cut at
    /// 3 sigma, values outside the field are 0), as Simard's elastic distortion does with uniform random fields.
    /// </summary>
    public static void Smooth(Span<float> field, int height, int width, double sigma)
    {
        var k = GaussianKernel(sigma);
        int r = k.Length / 2;
        var tmp = new float[height * width];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                float s = 0;
                for (int i = -r; i <= r; i++) if ((uint)(x + i) < (uint)width) s += k[i + r] * field[y * width + x + i];
                tmp[y * width + x] = s;
            }
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                float s = 0;
                for (int i = -r; i <= r; i++) if ((uint)(y + i) < (uint)height) s += k[i + r] * tmp[(y + i) * width + x];
                field[y * width + x] = s;
            }
    }

    /// <summary>
    /// The normalised Gaussian <see cref="Smooth"/> uses: 2r + 1 taps, r = max(1, ceil(3 sigma)), tap i (from -r) =
    /// exp(-i^2 / (2 sigma^2)) divided by their sum. The CUDA engine takes these very floats for its elastic fields.
    /// </summary>
    public static float[] GaussianKernel(double sigma)
    {
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be > 0");
        int r = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var k = new float[2 * r + 1];
        for (int i = -r; i <= r; i++) k[i + r] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
        float sum = k.Sum();
        for (int i = 0; i < k.Length; i++) k[i] /= sum;
        return k;
    }
}
