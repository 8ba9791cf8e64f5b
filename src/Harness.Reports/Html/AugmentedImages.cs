namespace Harness.Reports.Html;

/// <summary>Training images and augmented copies of them (one channel): originals (N, H·W), augmented (N·Copies, H·W).</summary>
public sealed record AugmentedImages(float[] Originals, float[] Augmented, int Height, int Width, int Copies, string Settings);
