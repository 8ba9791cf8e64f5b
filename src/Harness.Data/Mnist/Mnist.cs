using Harness.Data.Idx;

namespace Harness.Data;

/// <summary>
/// MNIST: 60,000 training and 10,000 test images of 28x28 pixels scaled to [0, 1], 10 classes. Files come from
/// <see cref="RepoPaths.MnistDir"/> and are fetched on first use. Loaded files and datasets are cached per folder for
/// the process and must be treated as immutable.
/// </summary>
public static class Mnist
{
    public const string TrainName = "mnist-train", TestName = "mnist-test";
    public const int ClassCount = 10, Side = 28;

    private static readonly Dictionary<string, (IdxPair Train, IdxPair Test)> Files = new();
    private static readonly Dictionary<string, (Dataset Train, Dataset Test)> Cache = new();
    private static readonly Lock Gate = new();

    /// <summary>The official training (60,000) and test (10,000) sets; fetches the files if they are missing.</summary>
    public static (Dataset Train, Dataset Test) Load(string? dataDir = null, Action<string>? log = null) =>
        Load(dataDir, log, MnistFetcher.Default);

    internal static (Dataset Train, Dataset Test) Load(string? dataDir, Action<string>? log, MnistFetcher fetcher)
    {
        var (train, test) = LoadFiles(dataDir, log, fetcher);
        lock (Gate)
        {
            var dir = RepoPaths.MnistDir(dataDir);
            if (!Cache.TryGetValue(dir, out var cached)) Cache[dir] = cached = (train.All(), test.All());
            return cached;
        }
    }

    /// <summary>
    /// The four files checked and parsed, the pixels still bytes (splits scale only the rows they take); fetched if
    /// missing and cached per folder for the process.
    /// </summary>
    internal static (IdxPair Train, IdxPair Test) LoadFiles(string? dataDir, Action<string>? log) =>
        LoadFiles(dataDir, log, MnistFetcher.Default);

    private static (IdxPair Train, IdxPair Test) LoadFiles(string? dataDir, Action<string>? log, MnistFetcher fetcher)
    {
        var dir = RepoPaths.MnistDir(dataDir);
        lock (Gate)
        {
            if (Files.TryGetValue(dir, out var cached)) return cached;
            var paths = MnistFile.All.Select(f => Directory.Exists(dir) ? f.FindIn(dir) : null).ToArray();
            if (paths.Any(p => p is null))
                paths = [.. fetcher.EnsureFiles(dir, log).Paths];
            // The two large files inflate in parallel; hashes are checked once per process per file.
            var train = Task.Run(() => Read(paths[0]!, paths[1]!, MnistFile.TrainImages, MnistFile.TrainLabels, TrainName));
            var test = Read(paths[2]!, paths[3]!, MnistFile.TestImages, MnistFile.TestLabels, TestName);
            var result = (train.GetAwaiter().GetResult(), test);
            Files[dir] = result;
            return result;
        }
    }

    /// <summary>Drops cached files and datasets (tests that replace files in a folder).</summary>
    internal static void ClearCache()
    {
        lock (Gate)
        {
            Files.Clear();
            Cache.Clear();
        }
    }

    private static IdxPair Read(string imagesPath, string labelsPath, MnistFile imagesFile, MnistFile labelsFile, string name)
    {
        var imageBytes = MnistChecksums.VerifyFile(imagesPath, imagesFile.Sha256);
        var labelBytes = MnistChecksums.VerifyFile(labelsPath, labelsFile.Sha256);
        var images = IdxReader.ParseImages(imageBytes, Path.GetFileName(imagesPath), Side, Side);
        var labels = IdxReader.ParseLabels(labelBytes, Path.GetFileName(labelsPath), ClassCount);
        return new IdxPair(images, labels, name, Path.GetFileName(imagesPath), Path.GetFileName(labelsPath), ClassCount);
    }
}
