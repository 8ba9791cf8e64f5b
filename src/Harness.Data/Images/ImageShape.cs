namespace Harness.Data;

/// <summary>
/// The shape of one image example: <see cref="Channels"/> x <see cref="Height"/> x <see cref="Width"/>. A dataset's
/// features hold each image channels-last (pixel (y, x), channel c at (y·Width + x)·Channels + c), which for one
/// channel is plain row-major. MNIST is 1x28x28.
/// </summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Values per image.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>"1x28x28" (channels x height x width).</summary>
    public override string ToString() => $"{Channels}x{Height}x{Width}";

    /// <summary>Throws <see cref="ArgumentException"/> unless every dimension is >= 1.</summary>
    public void Check()
    {
        if (Channels < 1 || Height < 1 || Width < 1)
            throw new ArgumentException($"image shape {this}: channels, height and width must all be >= 1");
    }
}
