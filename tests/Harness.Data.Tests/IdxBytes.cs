using System.Buffers.Binary;
using System.IO.Compression;

namespace Harness.Data.Tests;

/// <summary>Hand-made IDX files for tests.</summary>
internal static class IdxBytes
{
    /// <summary>An image file: magic, count, rows, cols, then pixels (pixel k of image i = (i * 7 + k) % 256).</summary>
    public static byte[] Images(int count, int rows = 28, int cols = 28, int magic = 0x00000803, int? headerCount = null)
    {
        var b = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(b, magic);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), headerCount ?? count);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(12), cols);
        for (int i = 0; i < count; i++)
            for (int k = 0; k < rows * cols; k++)
                b[16 + i * rows * cols + k] = (byte)((i * 7 + k) % 256);
        return b;
    }

    public static byte[] Labels(params byte[] labels) => LabelsWithMagic(0x00000801, labels);

    public static byte[] LabelsWithMagic(int magic, byte[] labels)
    {
        var b = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(b, magic);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), labels.Length);
        labels.CopyTo(b, 8);
        return b;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(bytes);
        return ms.ToArray();
    }
}

/// <summary>A temporary folder deleted at the end of a test.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("harness-data-tests-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
