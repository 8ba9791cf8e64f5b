using System.Buffers.Binary;
using Harness.Cli.Training;

namespace Harness.Cli.Tests;

/// <summary>`train --dataset idx --data-dir FOLDER` and evaluate on IDX data of one's own (no MNIST checksums).</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class IdxDataTests
{
    /// <summary>An IDX file: magic, sizes (big-endian), then the bytes.</summary>
    private static byte[] Idx(int magic, int[] sizes, byte[] data)
    {
        var b = new byte[4 + 4 * sizes.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(b, magic);
        for (int i = 0; i < sizes.Length; i++) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4 + 4 * i), sizes[i]);
        data.CopyTo(b, 4 + 4 * sizes.Length);
        return b;
    }

    /// <summary>2x2 images: class 0 lights the left column, class 1 the right one (with some noise).</summary>
    private static void WriteSet(string dir, string prefix, int count, Random rng)
    {
        var pixels = new byte[count * 4];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 2);
            for (int k = 0; k < 4; k++)
                pixels[i * 4 + k] = (byte)((k % 2 == labels[i] ? 200 : 30) + rng.Next(40));
        }
        File.WriteAllBytes(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), Idx(0x803, [count, 2, 2], pixels));
        File.WriteAllBytes(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), Idx(0x801, [count], labels));
    }

    [Fact]
    public void Train_with_dataset_idx_and_data_dir_trains_on_any_idx_folder_and_evaluate_reads_it_back()
    {
        using var dir = new TempDir();
        var data = dir.File("my-idx");
        Directory.CreateDirectory(data);
        var rng = new Random(1);
        WriteSet(data, "train", 120, rng);
        WriteSet(data, "t10k", 40, rng);
        var model = dir.File("idx.model");

        var (exit, output, err) = CliHarness.Run("train", "--dataset", "idx", "--data-dir", data, "--hidden", "4", "--epochs", "30",
            "--lr", "0.5", "--threads", "1", "--out", model);
        Assert.True(exit == CliRunner.ExitOk, err);
        Assert.Contains("layers             [4,4,2]", output);
        Assert.Matches(@"test accuracy \d+\.\d\d% \(loss \d+\.\d+\) on 40 examples", output);
        Assert.Equal(data, ModelDataset.TryLoad(model)!.Path);

        var evaluated = CliHarness.Run("evaluate", model);
        Assert.True(evaluated.Exit == CliRunner.ExitOk, evaluated.Err);
        Assert.Contains("40 examples", evaluated.Out);
    }

    [Fact]
    public void Train_with_dataset_idx_names_the_folder_and_missing_files_with_exit_2()
    {
        using var dir = new TempDir();
        var (exit, _, err) = CliHarness.Run("train", "--dataset", "idx", "--data-dir", dir.Path, "--epochs", "1");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"IDX folder '{dir.Path}' lacks train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte", err);

        var (noDir, _, err2) = CliHarness.Run("train", "--dataset", "idx", "--epochs", "1");
        Assert.Equal(CliRunner.ExitBadInput, noDir);
        Assert.Contains("dataset.path (--data-dir): required for name 'idx'", err2);
    }
}
