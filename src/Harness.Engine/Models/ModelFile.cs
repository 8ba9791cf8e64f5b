using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// Model file format, version 1 (little-endian):
/// <code>
/// bytes 0..7    magic "HNMLP\0\0\1"
/// int32         format version (1)
/// int32         header length H
/// H bytes       UTF-8 JSON header: { "config": TrainConfig, "layer_sizes": [...], "preprocessing": {mean, std} | null,
///               "parameter_count": P, "input_shape": [channels, height, width] (image models only) }
/// 4·P bytes     float32 parameters (layout W1, b1, W2, b2, ...)
/// 32 bytes      SHA-256 of everything before it
/// </code>
/// </summary>
public static class ModelFile
{
    private static readonly byte[] Magic = "HNMLP\0\0\u0001"u8.ToArray();
    public const int Version = 1;

    private sealed record Header(TrainConfig Config, int[] LayerSizes, PreprocessingJson? Preprocessing, int ParameterCount, int[]? InputShape = null);
    private sealed record PreprocessingJson(float[] Mean, float[] Std);

    internal static byte[] Write(Model model)
    {
        var header = new Header(model.Config, model.LayerSizes,
            model.Preprocessing is { } p ? new PreprocessingJson(p.Mean, p.Std) : null, model.Parameters.Length,
            model.InputShape is { } s ? [s.Channels, s.Height, s.Width] : null);
        var json = JsonSerializer.SerializeToUtf8Bytes(header, EngineJson.Compact);
        int total = Magic.Length + 8 + json.Length + 4 * model.Parameters.Length + 32;
        var bytes = new byte[total];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], json.Length);
        json.CopyTo(span[16..]);
        int offset = 16 + json.Length;
        for (int i = 0; i < model.Parameters.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(span[(offset + 4 * i)..], model.Parameters[i]);
        SHA256.HashData(span[..(total - 32)], span[(total - 32)..]);
        return bytes;
    }

    internal static Model Read(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        InvalidDataException Bad(string problem) => new($"{source}: not a valid Harness model file: {problem}");
        if (bytes.Length < 16 + 32) throw Bad($"only {bytes.Length} bytes (truncated or empty)");
        if (!bytes.AsSpan(0, 8).SequenceEqual(Magic)) throw Bad("wrong magic bytes (another kind of file)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (version != Version) throw Bad($"format version {version}; this build reads version {Version}");
        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        if (headerLength <= 0 || headerLength > bytes.Length - 16 - 32) throw Bad($"header length {headerLength} does not fit in {bytes.Length} bytes (truncated?)");
        Header? header;
        try { header = JsonSerializer.Deserialize<Header>(bytes.AsSpan(16, headerLength), EngineJson.Options); }
        catch (JsonException e) { throw Bad($"header JSON is invalid ({e.Message})"); }
        if (header?.Config is null || header.LayerSizes is null) throw Bad("header lacks config or layer_sizes");
        int offset = 16 + headerLength;
        long expected = offset + 4L * header.ParameterCount + 32;
        if (header.ParameterCount < 0 || expected != bytes.Length)
            throw Bad($"{bytes.Length} bytes, but the header's {header.ParameterCount} parameters need {expected} (truncated or padded)");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), hash);
        if (!hash.SequenceEqual(bytes.AsSpan(bytes.Length - 32))) throw Bad("checksum mismatch (the file is corrupt)");
        var parameters = new float[header.ParameterCount];
        for (int i = 0; i < parameters.Length; i++) parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + 4 * i));
        try
        {
            var pre = header.Preprocessing is { } p ? new Standardization(p.Mean, p.Std) : null;
            if (header.InputShape is { } s && s.Length != 3) throw Bad($"input_shape has {s.Length} entries; [channels, height, width] has 3");
            var shape = header.InputShape is { } d ? new ImageShape(d[0], d[1], d[2]) : (ImageShape?)null;
            shape?.Check();
            return new Model(header.Config, header.LayerSizes, pre, parameters, shape);
        }
        catch (ArgumentException e) { throw Bad(e.Message); }
    }
}
