namespace Harness.Data.Idx;

/// <summary>
/// Any folder of the four IDX files MNIST's layout uses (Fashion-MNIST, KMNIST, a permuted MNIST, your own):
/// train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each plain or
/// gzip-compressed (name.gz). No checksums: the headers are validated instead (magic numbers, image and label
/// counts, image sizes equal in both image files, the exact file lengths) and so are the labels: the classes are
/// 0..K-1 with K the largest training label plus one, at least two, and every test label must be one of them.
/// Every error names the file and its folder.
/// </summary>
public static class IdxFolder
{
    /// <summary>The file names, in the order train images, train labels, test images, test labels.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [.. MnistFile.All.Select(f => f.Name)];

    /// <summary>The training and test sets of <paramref name="folder"/>; pixels become floats in [0, 1].</summary>
    public static (Dataset Train, Dataset Test) Load(string folder)
    {
        var (train, test) = LoadFiles(folder);
        return (train.All(), test.All());
    }

    /// <summary>The folder's files checked and parsed, the pixels still bytes (splits scale only the rows they take).</summary>
    internal static (IdxPair Train, IdxPair Test) LoadFiles(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var dir = Path.GetFullPath(folder);
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"IDX folder '{dir}' does not exist; {Expected()}");
        var paths = MnistFile.All.Select(f => f.FindIn(dir)).ToArray();
        var missing = MnistFile.All.Where((_, i) => paths[i] is null).Select(f => f.Name).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException($"IDX folder '{dir}' lacks {string.Join(", ", missing)}; {Expected()}");

        var trainImages = IdxReader.ParseImagesOfAnySize(IdxReader.ReadAllBytes(paths[0]!), paths[0]!);
        var testImages = IdxReader.ParseImagesOfAnySize(IdxReader.ReadAllBytes(paths[2]!), paths[2]!);
        if (testImages.Rows != trainImages.Rows || testImages.Columns != trainImages.Columns)
            throw new InvalidDataException(
                $"{paths[2]}: images are {testImages.Rows}x{testImages.Columns} but those of {Path.GetFileName(paths[0])} are " +
                $"{trainImages.Rows}x{trainImages.Columns}; both image files must hold images of one size");

        // Labels are bytes: read the training labels with the widest range, then hold the test labels to its classes.
        var trainLabels = IdxReader.ParseLabels(IdxReader.ReadAllBytes(paths[1]!), paths[1]!, classCount: 256);
        int classes = trainLabels.Length == 0 ? 0 : trainLabels.Max() + 1;
        if (classes < 2)
            throw new InvalidDataException(
                $"{paths[1]}: every label is {(trainLabels.Length == 0 ? "missing" : "0")}; a classifier needs at least two classes (labels 0 and 1)");
        var testLabels = IdxReader.ParseLabels(IdxReader.ReadAllBytes(paths[3]!), paths[3]!, classes);

        var name = Path.GetFileName(dir.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        return (new IdxPair(trainImages, trainLabels, name + "-train", paths[0]!, paths[1]!, classes),
            new IdxPair(testImages, testLabels, name + "-test", paths[2]!, paths[3]!, classes));
    }

    private static string Expected() =>
        $"an IDX folder holds {string.Join(", ", FileNames)} (each plain, or gzip-compressed as NAME.gz)";
}
