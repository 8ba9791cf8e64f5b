namespace Harness.Data;

/// <summary>
/// A similarity transform about the image centre: turn by <paramref name="Angle"/> radians (counter-clockwise on
/// screen), scale by <paramref name="Scale"/>, then move by (<paramref name="ShiftX"/>, <paramref name="ShiftY"/>) pixels.
/// </summary>
public readonly record struct AffineWarp(double Angle, double Scale, double ShiftX, double ShiftY)
{
    /// <summary>The transform that leaves an image as it is.</summary>
    public static AffineWarp Identity => new(0, 1, 0, 0);
}
