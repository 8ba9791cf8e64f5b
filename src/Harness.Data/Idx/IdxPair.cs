namespace Harness.Data.Idx;

/// <summary>
/// An IDX image file and its label file, parsed and paired, the pixels still bytes: datasets of any run of its images
/// are scaled from them on demand (<see cref="PixelScaling"/>), so no float copy is made of images a split leaves out.
/// </summary>
internal sealed class IdxPair : IRows
{
    public IdxPair(IdxImages images, byte[] labels, string name, string imagesFile, string labelsFile, int classCount)
    {
        if (labels.Length != images.Count)
            throw new InvalidDataException(
                $"{labelsFile}: holds {labels.Length} labels but {imagesFile} holds {images.Count} images; the counts must match");
        (Images, Labels, Name, ClassCount) = (images, labels, name, classCount);
    }

    private IdxPair(IdxImages images, byte[] labels, string name, int classCount) =>
        (Images, Labels, Name, ClassCount) = (images, labels, name, classCount);

    public IdxImages Images { get; }
    public byte[] Labels { get; }
    public string Name { get; }
    public int ClassCount { get; }
    public int Count => Images.Count;

    /// <summary>Every image, named as the pair.</summary>
    public Dataset All() => Rows(0, Count, Name);

    /// <summary>This pair's images and then <paramref name="next"/>'s (of the same size and classes), still bytes, named <paramref name="name"/>.</summary>
    public IdxPair Then(IdxPair next, string name)
    {
        byte[] pixels = [.. Images.Pixels.Span, .. next.Images.Pixels.Span];
        return new IdxPair(Images with { Count = Count + next.Count, Pixels = pixels }, [.. Labels, .. next.Labels], name, ClassCount);
    }

    public Dataset Rows(int start, int count, string name)
    {
        if (start < 0 || count < 0 || start + count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"rows [{start}, {start + count}) outside [0, {Count})");
        int size = Images.PixelsPerImage;
        // pixels: (count, Rows*Cols) bytes -> features: (count, Rows*Cols) floats in [0, 1]
        var x = PixelScaling.ToUnitFloats(Images.Pixels.Slice(start * size, count * size));
        var y = new int[count];
        for (int i = 0; i < count; i++) y[i] = Labels[start + i];
        return new Dataset(name, x, size, y, ClassCount) { Shape = new ImageShape(1, Images.Rows, Images.Columns) };
    }
}
