namespace Harness.Data.Idx;

/// <summary>Builds a <see cref="Dataset"/> from an IDX image file and its label file (MNIST, Fashion-MNIST, ...).</summary>
public static class IdxDataset
{
    /// <summary>Reads both files (plain or .gz) and pairs them; pixels become floats in [0, 1].</summary>
    public static Dataset Load(string imagesPath, string labelsPath, string name, int classCount = 10)
    {
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath, classCount);
        return Create(images, labels, name, Path.GetFileName(imagesPath), Path.GetFileName(labelsPath), classCount);
    }

    /// <summary>Pairs parsed images and labels; the counts must agree.</summary>
    public static Dataset Create(IdxImages images, byte[] labels, string name, string imagesFile, string labelsFile, int classCount = 10) =>
        new IdxPair(images, labels, name, imagesFile, labelsFile, classCount).All();
}
