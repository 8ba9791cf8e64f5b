namespace Harness.Data;

/// <summary>One of the four original MNIST files: its base name (without .gz) and SHA-256 of its uncompressed bytes.</summary>
public sealed record MnistFile(string Name, string Sha256, bool IsImages, int Count)
{
    public static readonly MnistFile TrainImages = new("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", true, 60000);
    public static readonly MnistFile TrainLabels = new("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", false, 60000);
    public static readonly MnistFile TestImages = new("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", true, 10000);
    public static readonly MnistFile TestLabels = new("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", false, 10000);

    /// <summary>The four files in the order they are fetched and reported.</summary>
    public static IReadOnlyList<MnistFile> All { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>The name a fetched file is saved under (gzip-compressed).</summary>
    public string GzName => Name + ".gz";

    /// <summary>
    /// The file present in <paramref name="dir"/>: <c>name.gz</c> if it exists, else plain <c>name</c>, else null.
    /// </summary>
    public string? FindIn(string dir)
    {
        var gz = Path.Combine(dir, GzName);
        if (File.Exists(gz)) return gz;
        var plain = Path.Combine(dir, Name);
        return File.Exists(plain) ? plain : null;
    }
}
