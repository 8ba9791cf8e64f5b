using System.Collections.Concurrent;
using System.Security.Cryptography;
using Harness.Data.Idx;

namespace Harness.Data;

/// <summary>
/// SHA-256 checks over a file's uncompressed bytes. A file that passed is remembered for the process by
/// (full path, length, last write time), so later loads skip the hash.
/// </summary>
internal static class MnistChecksums
{
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> Verified = new();

    /// <summary>Lower-case hex SHA-256 of the bytes.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> naming the file and its folder, the expected and the actual digest on
    /// a mismatch, and the two ways on: fetch MNIST again, or load the folder as IDX data of one's own.
    /// </summary>
    public static void Check(ReadOnlySpan<byte> uncompressed, string path, string expectedSha256)
    {
        var actual = Sha256Hex(uncompressed);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            throw new InvalidDataException(
                $"{Path.GetFileName(path)} in MNIST folder '{folder}': SHA-256 mismatch over the uncompressed bytes: expected {expectedSha256}, actual {actual}. " +
                "The file is damaged or not the original MNIST file: delete it and run `harness data fetch`, or, for IDX data of your own " +
                $"(Fashion-MNIST, KMNIST, ...), use \"dataset\": {{\"name\": \"idx\", \"path\": FOLDER}} (train: --dataset idx --data-dir FOLDER).");
        }
    }

    /// <summary>True when this exact file (path, length, write time) already passed <see cref="VerifyFile"/> in this process.</summary>
    public static bool IsKnownGood(string path, string expectedSha256) =>
        Verified.TryGetValue(Key(path), out var sha) && sha == expectedSha256;

    /// <summary>Reads the file's uncompressed bytes, checks the digest (unless already known good) and returns the bytes.</summary>
    public static byte[] VerifyFile(string path, string expectedSha256)
    {
        var key = Key(path);
        var bytes = IdxReader.ReadAllBytes(path);
        if (!(Verified.TryGetValue(key, out var sha) && sha == expectedSha256))
        {
            Check(bytes, path, expectedSha256);
            Verified[key] = expectedSha256;
        }
        return bytes;
    }

    /// <summary>Marks a file as verified (after it was written from bytes that passed <see cref="Check"/>).</summary>
    public static void Remember(string path, string sha256) => Verified[Key(path)] = sha256;

    private static (string, long, DateTime) Key(string path)
    {
        var info = new FileInfo(path);
        return (info.FullName, info.Length, info.LastWriteTimeUtc);
    }
}
