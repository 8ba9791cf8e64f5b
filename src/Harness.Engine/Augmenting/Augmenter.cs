using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// Applies an <see cref="Augmentation"/> to training batches in place: per example, draws a rotation, scale and
/// shift (and an elastic displacement field), warps the image (<see cref="ImageWarp"/>), then adds Gaussian noise.
/// All draws come from the caller's generator in a fixed order, so a seed gives the same batches every run.
/// </summary>
public sealed class Augmenter
{
    /// <summary>The RNG stream of <see cref="TrainConfig.Seed"/> that augmentation draws from (1-3: init, shuffle, dropout).</summary>
    public const int Stream = 4;

    private readonly Augmentation _settings;
    private readonly ImageShape _shape;
    private readonly float[] _image, _dx, _dy;

    /// <param name="shape">Image shape of an example; null for plain vectors (then only noise may be on).</param>
    /// <param name="features">Values per example.</param>
    public Augmenter(Augmentation settings, ImageShape? shape, int features)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Geometric && shape is null)
            throw new ArgumentException("augmentation: shift, rotation, scale and elastic distortion need image data (a dataset with an image shape)");
        _settings = settings;
        _shape = shape ?? new ImageShape(features, 1, 1);
        _image = settings.Geometric ? new float[_shape.Size] : [];
        bool elastic = settings.ElasticAlpha > 0;
        _dx = elastic ? new float[_shape.Height * _shape.Width] : [];
        _dy = elastic ? new float[_shape.Height * _shape.Width] : [];
    }

    /// <summary>x: (B, features) training examples, changed in place.</summary>
    public void Apply(Span<float> x, int batch, ref Rng rng)
    {
        int n = _shape.Size;
        for (int b = 0; b < batch; b++)
        {
            var example = x.Slice(b * n, n);
            if (_settings.Geometric) Warp(example, ref rng);
            if (_settings.Noise > 0)
                for (int i = 0; i < example.Length; i++) example[i] += (float)(rng.NextGaussian() * _settings.Noise);
        }
    }

    private void Warp(Span<float> example, ref Rng rng)
    {
        var s = _settings;
        double angle = (2 * rng.NextDouble() - 1) * s.Rotation * Math.PI / 180;
        double scale = 1 + (2 * rng.NextDouble() - 1) * s.Scale;
        double shiftX = (2 * rng.NextDouble() - 1) * s.Shift, shiftY = (2 * rng.NextDouble() - 1) * s.Shift;
        bool elastic = s.ElasticAlpha > 0;
        if (elastic)
        {
            for (int i = 0; i < _dx.Length; i++) { _dx[i] = (float)(2 * rng.NextDouble() - 1); _dy[i] = (float)(2 * rng.NextDouble() - 1); }
            ImageWarp.Smooth(_dx, _shape.Height, _shape.Width, s.ElasticSigma);
            ImageWarp.Smooth(_dy, _shape.Height, _shape.Width, s.ElasticSigma);
            float alpha = (float)s.ElasticAlpha;
            for (int i = 0; i < _dx.Length; i++) { _dx[i] *= alpha; _dy[i] *= alpha; }
        }
        example.CopyTo(_image);
        ImageWarp.Apply(_image, example, _shape, new AffineWarp(angle, scale, shiftX, shiftY), elastic ? _dx : default, elastic ? _dy : default);
    }

    /// <summary>
    /// <paramref name="copies"/> augmented versions of each of <paramref name="images"/> ((N, features), unchanged),
    /// drawn with <paramref name="seed"/>: (N·copies, features), example-major. For report figures.
    /// </summary>
    public static float[] Preview(Augmentation settings, ImageShape shape, ReadOnlySpan<float> images, int copies, int seed)
    {
        int n = images.Length / shape.Size;
        var result = new float[n * copies * shape.Size];
        var augmenter = new Augmenter(settings, shape, shape.Size);
        var rng = Rng.Stream(seed, Stream);
        for (int i = 0; i < n; i++)
            for (int c = 0; c < copies; c++)
            {
                var dst = result.AsSpan((i * copies + c) * shape.Size, shape.Size);
                images.Slice(i * shape.Size, shape.Size).CopyTo(dst);
                augmenter.Apply(dst, 1, ref rng);
            }
        return result;
    }
}
