using Harness.Data.Idx;

namespace Harness.Data.Tests.Idx;

public sealed class IdxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Round_trip_plain_and_gzip(bool gzip)
    {
        using var dir = new TempDir();
        var images = IdxBytes.Images(3);
        var labels = IdxBytes.Labels(4, 0, 9);
        string ip = dir.File(gzip ? "imgs.gz" : "imgs"), lp = dir.File(gzip ? "lbls.gz" : "lbls");
        File.WriteAllBytes(ip, gzip ? IdxBytes.Gzip(images) : images);
        File.WriteAllBytes(lp, gzip ? IdxBytes.Gzip(labels) : labels);

        var d = IdxDataset.Load(ip, lp, "tiny");
        Assert.Equal(("tiny", 3, 784, 10), (d.Name, d.Count, d.FeatureCount, d.ClassCount));
        Assert.Equal([4, 0, 9], d.Labels!);
        // Pixel k of image i was (i * 7 + k) % 256; features are that / 255.
        Assert.Equal((2 * 7 + 5) / 255f, d.Row(2)[5]);
        Assert.Equal(255 / 255f, d.Row(0)[255]);
        Assert.Equal(images.AsSpan(16).ToArray(), IdxReader.ReadImages(ip).Pixels.ToArray());
    }

    [Fact]
    public void Every_pixel_value_becomes_exactly_its_scalar_quotient_by_255()
    {
        // 3 images of 784 pixels (2,352, not a multiple of any vector width): pixel k of image i is (i * 7 + k) % 256,
        // so every byte value occurs, in lanes of every position
        var images = IdxReader.ParseImages(IdxBytes.Images(3), "imgs");
        var d = IdxDataset.Create(images, [1, 2, 3], "tiny", "imgs", "lbls");
        var pixels = images.Pixels.Span;
        for (int i = 0; i < pixels.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(pixels[i] / 255f), BitConverter.SingleToInt32Bits(d.Features[i]));
        Assert.Equal([1, 2, 3], d.Labels!);
    }

    [Fact]
    public void Gzip_is_detected_by_magic_not_by_name()
    {
        using var dir = new TempDir();
        var p = dir.File("labels-without-gz-suffix");
        File.WriteAllBytes(p, IdxBytes.Gzip(IdxBytes.Labels(1, 2)));
        Assert.Equal([1, 2], IdxReader.ReadLabels(p));
    }

    [Fact]
    public void Truncated_image_file_names_file_and_sizes()
    {
        using var dir = new TempDir();
        var p = dir.File("train-images-idx3-ubyte.gz");
        var full = IdxBytes.Images(3);
        File.WriteAllBytes(p, IdxBytes.Gzip(full[..(16 + 1234)]));
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(p));
        Assert.Equal("train-images-idx3-ubyte.gz: truncated: header says 3 images of 28x28 (2352 bytes) but only 1234 bytes follow", ex.Message);
    }

    [Fact]
    public void Truncated_gzip_stream_or_header_is_rejected()
    {
        using var dir = new TempDir();
        var p = dir.File("t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(p, IdxBytes.Gzip(IdxBytes.Labels(1, 2, 3))[..12]);
        var ex = Assert.ThrowsAny<InvalidDataException>(() => IdxReader.ReadLabels(p));
        Assert.StartsWith("t10k-labels-idx1-ubyte.gz: ", ex.Message);

        var ex2 = Assert.Throws<InvalidDataException>(() => IdxReader.ParseImages(IdxBytes.Images(1)[..10], "x.idx"));
        Assert.Contains("x.idx: truncated: 10 bytes, shorter than the 16-byte IDX image header", ex2.Message);
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var bytes = IdxBytes.Labels(1, 2).Concat(new byte[] { 7 }).ToArray();
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ParseLabels(bytes, "l.idx"));
        Assert.Equal("l.idx: 1 unexpected bytes after the 2 labels the header announces", ex.Message);
    }

    [Fact]
    public void Wrong_magic_data_type_and_rank_are_named()
    {
        var notIdx = IdxBytes.Images(1, magic: 0x1f9d0803);
        Assert.Contains("imgs: not an IDX file: magic number 0x1F9D0803", Assert.Throws<InvalidDataException>(() => IdxReader.ParseImages(notIdx, "imgs")).Message);

        var floats = IdxBytes.Images(1, magic: 0x00000D03);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ParseImages(floats, "imgs"));
        Assert.Contains("imgs: wrong data type 0x0D", ex.Message);
        Assert.Contains("unsigned bytes (0x08)", ex.Message);

        // A label file handed in as images: rank 1 where 3 is required.
        var labels = IdxBytes.Labels(1, 2, 3);
        var swapped = Assert.Throws<InvalidDataException>(() => IdxReader.ParseImages(labels, "train-labels-idx1-ubyte"));
        Assert.Contains("train-labels-idx1-ubyte: wrong rank 1", swapped.Message);
        Assert.Contains("is this a label file?", swapped.Message);

        var rank2 = IdxBytes.LabelsWithMagic(0x00000802, [1]);
        Assert.Contains("l: wrong rank 2 in magic number 0x00000802: a label file has rank 1 (0x00000801)",
            Assert.Throws<InvalidDataException>(() => IdxReader.ParseLabels(rank2, "l")).Message);
    }

    [Fact]
    public void Wrong_dimensions_are_named()
    {
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ParseImages(IdxBytes.Images(2, 32, 32), "cifar.idx"));
        Assert.Equal("cifar.idx: images are 32x32 but 28x28 is required", ex.Message);
    }

    [Fact]
    public void Label_outside_range_is_named_with_index()
    {
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ParseLabels(IdxBytes.Labels(3, 12, 1), "labels.idx"));
        Assert.Equal("labels.idx: label 12 at index 1 is outside 0..9", ex.Message);
    }

    [Fact]
    public void Label_and_image_counts_must_match()
    {
        var images = IdxReader.ParseImages(IdxBytes.Images(3), "imgs");
        var labels = IdxReader.ParseLabels(IdxBytes.Labels(1, 2), "lbls");
        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Create(images, labels, "x", "imgs", "lbls"));
        Assert.Equal("lbls: holds 2 labels but imgs holds 3 images; the counts must match", ex.Message);
    }
}
