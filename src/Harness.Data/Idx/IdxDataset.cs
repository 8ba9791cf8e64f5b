namespace Harness.Data.Idx;

/// <summary>Builds a <see cref="Dataset"/> from an IDX image file and its label file (MNIST, Fashion-MNIST, ...).</summary>
public static class IdxDataset
{
    /// <summary>Pixel byte -> [0, 1] float, exact (p / 255f).</summary>
    private static readonly float[] Scale = Enumerable.Range(0, 256).Select(p => p / 255f).ToArray();

    /// <summary>Reads both files (plain or .gz) and pairs them; pixels become floats in [0, 1].</summary>
    public static Dataset Load(string imagesPath, string labelsPath, string name, int classCount = 10)
    {
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath, classCount);
        return Create(images, labels, name, Path.GetFileName(imagesPath), Path.GetFileName(labelsPath), classCount);
    }

    /// <summary>Pairs parsed images and labels; the counts must agree.</summary>
    public static Dataset Create(IdxImages images, byte[] labels, string name, string imagesFile, string labelsFile, int classCount = 10)
    {
        if (labels.Length != images.Count)
            throw new InvalidDataException(
                $"{labelsFile}: holds {labels.Length} labels but {imagesFile} holds {images.Count} images; the counts must match");
        // pixels: (N, Rows*Cols) bytes -> features: (N, Rows*Cols) floats in [0, 1]
        var src = images.Pixels.Span;
        var x = new float[src.Length];
        var scale = Scale;
        for (int i = 0; i < x.Length; i++) x[i] = scale[src[i]];
        var y = new int[labels.Length];
        for (int i = 0; i < y.Length; i++) y[i] = labels[i];
        return new Dataset(name, x, images.PixelsPerImage, y, classCount) { Shape = new ImageShape(1, images.Rows, images.Columns) };
    }
}
