namespace Harness.Data.Tests;

/// <summary>Dataset "idx": any folder of the four IDX files, validated by header instead of by MNIST's checksums.</summary>
public sealed class IdxFolderTests
{
    private static byte[] Cycle(int count, int classes) => [.. Enumerable.Range(0, count).Select(i => (byte)(i % classes))];

    /// <summary>A folder like Fashion-MNIST's, but small: 12 training and 6 test images of 5x4 pixels, 3 classes.</summary>
    private static void WriteFolder(TempDir dir, bool gzip = true)
    {
        byte[] Pack(byte[] b) => gzip ? IdxBytes.Gzip(b) : b;
        string Name(string n) => gzip ? n + ".gz" : n;
        File.WriteAllBytes(dir.File(Name("train-images-idx3-ubyte")), Pack(IdxBytes.Images(12, 5, 4)));
        File.WriteAllBytes(dir.File(Name("train-labels-idx1-ubyte")), Pack(IdxBytes.Labels(Cycle(12, 3))));
        File.WriteAllBytes(dir.File("t10k-images-idx3-ubyte"), IdxBytes.Images(6, 5, 4));
        File.WriteAllBytes(dir.File("t10k-labels-idx1-ubyte"), IdxBytes.Labels(Cycle(6, 3)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Idx_dataset_loads_any_folder_of_the_four_idx_files_without_mnist_checksums(bool gzip)
    {
        using var dir = new TempDir();
        WriteFolder(dir, gzip);
        var splits = DatasetCatalog.Load(new DatasetSpec { Name = "idx", Path = dir.Path });

        Assert.Equal(10, splits.Train.Count); // the last sixth of 12 validates
        Assert.Equal(2, splits.Validation.Count);
        Assert.Equal(6, splits.Test.Count);
        Assert.Equal(20, splits.Train.FeatureCount);
        Assert.Equal(3, splits.Train.ClassCount);
        Assert.Equal([0, 1, 2, 0, 1, 2], splits.Test.Labels!);
        Assert.Equal(7 / 255f, splits.Train.Features[20]); // pixel 0 of image 1

        var stratified = DatasetCatalog.Load(new DatasetSpec { Name = "idx", Path = dir.Path, Split = "stratified" });
        Assert.Equal(18, stratified.Train.Count + stratified.Validation.Count + stratified.Test.Count);
        Assert.Equal(3, stratified.Test.ClassCount);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(4, 1, 5)]
    public void The_standard_split_cut_from_the_files_bytes_equals_the_split_cut_from_the_loaded_datasets(
        int? trainLimit, int? validationLimit, int? testLimit)
    {
        using var dir = new TempDir();
        WriteFolder(dir);
        var spec = new DatasetSpec { Name = "idx", Path = dir.Path, TrainLimit = trainLimit, ValidationLimit = validationLimit, TestLimit = testLimit };
        var fromBytes = DatasetCatalog.Load(spec);
        var (train, test) = Harness.Data.Idx.IdxFolder.Load(dir.Path);
        var full = Splits.Standard(train, test, validationCount: 2);
        Dataset[] expected = [Take(full.Train, trainLimit), Take(full.Validation, validationLimit), Take(full.Test, testLimit)];
        Dataset[] actual = [fromBytes.Train, fromBytes.Validation, fromBytes.Test];
        for (int s = 0; s < 3; s++)
        {
            Assert.Equal((expected[s].Name, expected[s].Count, expected[s].Shape), (actual[s].Name, actual[s].Count, actual[s].Shape));
            Assert.Equal(expected[s].Features, actual[s].Features);
            Assert.Equal(expected[s].Labels!, actual[s].Labels!);
        }
    }

    [Fact]
    public void The_stratified_split_of_the_files_equals_the_split_of_the_loaded_datasets_one_after_the_other()
    {
        using var dir = new TempDir();
        WriteFolder(dir);
        var fromBytes = DatasetCatalog.Load(new DatasetSpec { Name = "idx", Path = dir.Path, Split = "stratified", SplitSeed = 7 });
        var (train, test) = Harness.Data.Idx.IdxFolder.Load(dir.Path);
        var all = new Dataset("idx", [.. train.Features, .. test.Features], train.FeatureCount, [.. train.Labels!, .. test.Labels!],
            train.ClassCount)
        { Shape = train.Shape };
        var expected = Splits.Stratified(all, DatasetSpec.DefaultTrainFraction, DatasetSpec.DefaultValidationFraction, seed: 7);
        foreach (var (e, a) in new[] { (expected.Train, fromBytes.Train), (expected.Validation, fromBytes.Validation), (expected.Test, fromBytes.Test) })
        {
            Assert.Equal((e.Name, e.Count, e.Shape), (a.Name, a.Count, a.Shape));
            Assert.Equal(e.Features, a.Features);
            Assert.Equal(e.Labels!, a.Labels!);
        }
    }

    private static Dataset Take(Dataset d, int? limit) => limit is { } n ? d.Slice(0, n) : d;

    [Fact]
    public void Idx_spec_needs_a_path_and_path_is_refused_elsewhere()
    {
        Assert.Contains(new DatasetSpec { Name = "idx" }.Validate(), e => e.StartsWith("dataset.path: required for name 'idx'", StringComparison.Ordinal));
        Assert.Contains(new DatasetSpec { Name = "moons", Path = "x" }.Validate(), e => e.StartsWith("dataset.path: only used with names 'csv' and 'idx'", StringComparison.Ordinal));
        Assert.Empty(new DatasetSpec { Name = "idx", Path = "some/folder" }.Validate());
        Assert.Equal(Path.GetFullPath("f"), new DatasetSpec { Name = "idx" }.WithIdxFolder("f").Path);
        Assert.Null(new DatasetSpec { Name = "mnist" }.WithIdxFolder("f").Path);
    }

    public static TheoryData<string, string, string> BrokenFolders => new()
    {
        // case, file the message must name (relative to the folder), what it must say
        { "missing-file", "", "lacks t10k-labels-idx1-ubyte" },
        { "wrong-magic", "train-images-idx3-ubyte", "wrong rank 1" },
        { "count-mismatch", "train-labels-idx1-ubyte", "holds 11 labels but" },
        { "size-mismatch", "t10k-images-idx3-ubyte", "images are 4x5 but those of train-images-idx3-ubyte are 5x4" },
        { "test-label-out-of-range", "t10k-labels-idx1-ubyte", "label 3 at index 5 is outside 0..2" },
        { "one-class", "train-labels-idx1-ubyte", "at least two classes" },
        { "truncated", "t10k-images-idx3-ubyte", "truncated" },
        { "empty", "train-images-idx3-ubyte", "at least one image" },
    };

    [Theory]
    [MemberData(nameof(BrokenFolders))]
    public void Idx_folder_errors_name_the_file_and_the_folder(string broken, string file, string says)
    {
        using var dir = new TempDir();
        WriteFolder(dir, gzip: false);
        void Put(string name, byte[] bytes)
        {
            foreach (var f in Directory.GetFiles(dir.Path, name + "*")) File.Delete(f);
            File.WriteAllBytes(dir.File(name), bytes);
        }
        switch (broken)
        {
            case "missing-file": File.Delete(dir.File("t10k-labels-idx1-ubyte")); break;
            case "wrong-magic": Put("train-images-idx3-ubyte", IdxBytes.Labels(Cycle(12, 3))); break;
            case "count-mismatch": Put("train-labels-idx1-ubyte", IdxBytes.Labels(Cycle(11, 3))); break;
            case "size-mismatch": Put("t10k-images-idx3-ubyte", IdxBytes.Images(6, 4, 5)); break;
            case "test-label-out-of-range": Put("t10k-labels-idx1-ubyte", IdxBytes.Labels([0, 1, 2, 0, 1, 3])); break;
            case "one-class": Put("train-labels-idx1-ubyte", IdxBytes.Labels(new byte[12])); break;
            case "truncated": Put("t10k-images-idx3-ubyte", IdxBytes.Images(6, 5, 4)[..100]); break;
            case "empty": Put("train-images-idx3-ubyte", IdxBytes.Images(0, 5, 4)); break;
        }
        // InvalidDataException for bad content, FileNotFoundException for a missing file: both bad input (exit 2).
        var e = Assert.ThrowsAny<SystemException>(() => DatasetCatalog.Load(new DatasetSpec { Name = "idx", Path = dir.Path }));
        Assert.Contains(file.Length > 0 ? Path.Combine(dir.Path, file) : $"'{dir.Path}'", e.Message);
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void A_missing_idx_folder_is_named_with_the_files_it_needs()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<DirectoryNotFoundException>(() => DatasetCatalog.Load(new DatasetSpec { Name = "idx", Path = dir.File("nope") }));
        Assert.Contains($"IDX folder '{dir.File("nope")}' does not exist", e.Message);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
    }
}
