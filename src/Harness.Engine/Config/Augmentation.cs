namespace Harness.Engine;

/// <summary>
/// On-the-fly changes to training batches (never validation or test): each training image is moved, turned,
/// scaled and optionally elastically distorted by its own random draw, then Gaussian noise is added. Seeded
/// (stream 4 of <see cref="TrainConfig.Seed"/>), so a run is reproducible. Geometric changes need image data
/// (a dataset with an image shape); noise works on any features. Pixels moved in from outside the image are 0.
/// JSON: <c>"augmentation": {"shift": 2, "rotation": 10, "scale": 0.1, "elastic_alpha": 34, "elastic_sigma": 4, "noise": 0.1}</c>.
/// </summary>
public sealed record Augmentation
{
    /// <summary>Random shift of up to ± this many pixels along each axis (uniform, fractional).</summary>
    public double Shift { get; init; }
    /// <summary>Random rotation of up to ± this many degrees.</summary>
    public double Rotation { get; init; }
    /// <summary>Random scale factor in [1 − Scale, 1 + Scale].</summary>
    public double Scale { get; init; }
    /// <summary>
    /// Elastic distortion strength α (Simard et al. 2003): a displacement field of uniform ±1 values per pixel,
    /// smoothed by a Gaussian of <see cref="ElasticSigma"/> pixels, times α. Their MNIST setting is α 34, σ 4; 0 = off.
    /// </summary>
    public double ElasticAlpha { get; init; }
    /// <summary>Smoothing (Gaussian sigma, pixels) of the elastic displacement field.</summary>
    public double ElasticSigma { get; init; } = 4;
    /// <summary>Standard deviation of Gaussian noise added to every input value; 0 = off.</summary>
    public double Noise { get; init; }

    /// <summary>True when any geometric change is on (these need an image shape).</summary>
    public bool Geometric => Shift > 0 || Rotation > 0 || Scale > 0 || ElasticAlpha > 0;
}
