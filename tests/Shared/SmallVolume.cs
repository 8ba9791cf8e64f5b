using System.Diagnostics;

namespace Harness.TestSupport;

/// <summary>
/// A small tmpfs mounted on a fresh temporary folder, for disk-full tests. Mounting needs root on Linux (CI runs
/// as root); elsewhere, or when the mount fails, the test is skipped with the reason. Dispose unmounts it (lazily
/// when something still holds a file there) and removes the folder.
/// </summary>
internal sealed class SmallVolume : IDisposable
{
    private readonly string _filler;

    private SmallVolume(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler.bin");
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Bytes free on the volume.</summary>
    public long Free => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Mounts a tmpfs of <paramref name="kib"/> KiB, or skips the test saying why it cannot.</summary>
    public static SmallVolume MountOrSkip(int kib)
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
            Assert.Skip("mounting a small tmpfs needs root on Linux (CI runs as root); the disk-full check needs one");
        var dir = Directory.CreateTempSubdirectory("harness-fullfs-").FullName;
        var (exit, output) = Run("mount", "-t", "tmpfs", "-o", $"size={kib}k", "tmpfs", dir);
        if (exit != 0)
        {
            Directory.Delete(dir);
            Assert.Skip($"could not mount a {kib} KiB tmpfs on {dir} (mount exited {exit}: {output.Trim()}); the disk-full check needs one");
        }
        return new SmallVolume(dir);
    }

    /// <summary>Writes a filler file so that about <paramref name="bytes"/> stay free (real bytes: tmpfs does not count holes).</summary>
    public void LeaveFree(long bytes)
    {
        var toWrite = Free - bytes;
        if (toWrite <= 0) return;
        var chunk = new byte[64 * 1024];
        using var stream = new FileStream(_filler, FileMode.Append, FileAccess.Write);
        while (toWrite > 0)
        {
            var n = (int)Math.Min(chunk.Length, toWrite);
            stream.Write(chunk, 0, n);
            toWrite -= n;
        }
    }

    /// <summary>Deletes the filler file: the space it took is free again.</summary>
    public void FreeSpace() => System.IO.File.Delete(_filler);

    public void Dispose()
    {
        if (Run("umount", Path).Exit != 0) Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* still busy after a lazy unmount; the temp folder is cleaned eventually */ }
    }

    private static (int Exit, string Output) Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
