namespace Harness.Data.Idx;

/// <summary>
/// The payload of an IDX image file (magic 0x00000803): <see cref="Count"/> images of
/// <see cref="Rows"/> x <see cref="Columns"/> unsigned-byte pixels, row-major, image after image.
/// </summary>
public sealed record IdxImages(int Count, int Rows, int Columns, ReadOnlyMemory<byte> Pixels)
{
    /// <summary>Pixels per image (Rows * Columns).</summary>
    public int PixelsPerImage => Rows * Columns;
}
