using System.Buffers.Binary;
using System.IO.Compression;

namespace Harness.Data.Idx;

/// <summary>
/// Reads IDX files (MNIST's format, also Fashion-MNIST's, KMNIST's, ...), plain or gzip-compressed (recognised by the 1f8b magic, not the name).
/// Header layout (big-endian): two zero bytes, a data-type byte (0x08 = unsigned byte), a rank byte, then one
/// 32-bit size per dimension. Every check throws <see cref="InvalidDataException"/> whose message starts with
/// the file name and says what is wrong.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an unsigned-byte rank-3 file (images).</summary>
    public const int ImageMagic = 0x00000803;
    /// <summary>Magic number of an unsigned-byte rank-1 file (labels).</summary>
    public const int LabelMagic = 0x00000801;

    /// <summary>The file's uncompressed bytes: gzip is detected by its magic (1f 8b) and inflated.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        var raw = File.ReadAllBytes(path);
        return IsGzip(raw) ? Gunzip(raw, Path.GetFileName(path)) : raw;
    }

    /// <summary>True when the bytes start with the gzip magic 1f 8b.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    /// <summary>Inflates a gzip stream held in memory; a damaged stream is reported against <paramref name="fileName"/>.</summary>
    public static byte[] Gunzip(byte[] compressed, string fileName)
    {
        try
        {
            // The ISIZE trailer (uncompressed length mod 2^32) sizes the output buffer for files under 4 GiB.
            int hint = compressed.Length >= 18 ? BinaryPrimitives.ReadInt32LittleEndian(compressed.AsSpan(^4)) : 0;
            using var output = new MemoryStream(hint > 0 ? hint : compressed.Length * 4);
            using (var gz = new GZipStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress))
                gz.CopyTo(output);
            return output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"{fileName}: not a valid gzip stream ({ex.Message})", ex);
        }
    }

    /// <summary>Reads and validates an image file; <paramref name="rows"/>/<paramref name="columns"/> are the required dimensions.</summary>
    public static IdxImages ReadImages(string path, int rows = 28, int columns = 28) =>
        ParseImages(ReadAllBytes(path), Path.GetFileName(path), rows, columns);

    /// <summary>Reads and validates a label file; every label must lie in [0, <paramref name="classCount"/>).</summary>
    public static byte[] ReadLabels(string path, int classCount = 10) =>
        ParseLabels(ReadAllBytes(path), Path.GetFileName(path), classCount);

    /// <summary>Validates uncompressed image-file bytes: magic 0x00000803, the given dimensions, exact length.</summary>
    public static IdxImages ParseImages(byte[] bytes, string fileName, int rows = 28, int columns = 28) =>
        Parse(bytes, fileName, (rows, columns));

    /// <summary>
    /// Validates uncompressed image-file bytes of any image size: magic 0x00000803, at least one image, rows and
    /// columns of at least 1, exact length.
    /// </summary>
    public static IdxImages ParseImagesOfAnySize(byte[] bytes, string fileName) => Parse(bytes, fileName, required: null);

    private static IdxImages Parse(byte[] bytes, string fileName, (int Rows, int Columns)? required)
    {
        const int header = 16;
        CheckMagic(bytes, fileName, expectedRank: 3);
        if (bytes.Length < header)
            throw new InvalidDataException($"{fileName}: truncated: {bytes.Length} bytes, shorter than the {header}-byte IDX image header");
        int count = ReadSize(bytes, 4, fileName, "image count");
        int r = ReadSize(bytes, 8, fileName, "row count");
        int c = ReadSize(bytes, 12, fileName, "column count");
        if (required is var (rows, columns) && (r != rows || c != columns))
            throw new InvalidDataException($"{fileName}: images are {r}x{c} but {rows}x{columns} is required");
        if (required is null && (count == 0 || r == 0 || c == 0))
            throw new InvalidDataException($"{fileName}: the header announces {count} images of {r}x{c}; a data set needs at least one image of at least 1x1");
        long expected = (long)count * r * c;
        long present = bytes.Length - header;
        if (present < expected)
            throw new InvalidDataException(
                $"{fileName}: truncated: header says {count} images of {r}x{c} ({expected} bytes) but only {present} bytes follow");
        if (present > expected)
            throw new InvalidDataException(
                $"{fileName}: {present - expected} unexpected bytes after the {count} images of {r}x{c} the header announces ({expected} bytes)");
        return new IdxImages(count, r, c, bytes.AsMemory(header, (int)expected));
    }

    /// <summary>Validates uncompressed label-file bytes: magic 0x00000801, exact length, labels in [0, classCount).</summary>
    public static byte[] ParseLabels(byte[] bytes, string fileName, int classCount = 10)
    {
        const int header = 8;
        CheckMagic(bytes, fileName, expectedRank: 1);
        if (bytes.Length < header)
            throw new InvalidDataException($"{fileName}: truncated: {bytes.Length} bytes, shorter than the {header}-byte IDX label header");
        int count = ReadSize(bytes, 4, fileName, "label count");
        long present = bytes.Length - header;
        if (present < count)
            throw new InvalidDataException($"{fileName}: truncated: header says {count} labels ({count} bytes) but only {present} bytes follow");
        if (present > count)
            throw new InvalidDataException($"{fileName}: {present - count} unexpected bytes after the {count} labels the header announces");
        var labels = bytes.AsSpan(header, count).ToArray();
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= classCount)
                throw new InvalidDataException($"{fileName}: label {labels[i]} at index {i} is outside 0..{classCount - 1}");
        return labels;
    }

    private static void CheckMagic(byte[] bytes, string fileName, int expectedRank)
    {
        int expectedMagic = expectedRank == 3 ? ImageMagic : LabelMagic;
        string aFile = expectedRank == 3 ? "an image file" : "a label file";
        if (bytes.Length < 4)
            throw new InvalidDataException($"{fileName}: truncated: {bytes.Length} bytes, too short for an IDX magic number (expected 0x{expectedMagic:X8})");
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic == expectedMagic) return;
        if (bytes[0] != 0 || bytes[1] != 0)
            throw new InvalidDataException(
                $"{fileName}: not an IDX file: magic number 0x{magic:X8} does not start with two zero bytes ({aFile} has 0x{expectedMagic:X8})");
        if (bytes[2] != 0x08)
            throw new InvalidDataException(
                $"{fileName}: wrong data type 0x{bytes[2]:X2} in magic number 0x{magic:X8}: MNIST files hold unsigned bytes (0x08), expected 0x{expectedMagic:X8}");
        string hint = bytes[3] == (expectedRank == 3 ? 1 : 3) ? $" (is this a {(expectedRank == 3 ? "label" : "image")} file?)" : "";
        throw new InvalidDataException(
            $"{fileName}: wrong rank {bytes[3]} in magic number 0x{magic:X8}: {aFile} has rank {expectedRank} (0x{expectedMagic:X8}){hint}");
    }

    private static int ReadSize(byte[] bytes, int offset, string fileName, string what)
    {
        int v = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset, 4));
        if (v < 0) throw new InvalidDataException($"{fileName}: {what} {(uint)v} in the header is too large");
        return v;
    }
}
