using System.Security.Cryptography;
using System.Text;

namespace Harness.Cuda.Compilation;

/// <summary>
/// PTX cached on disk by SHA-256 of (source, headers, options, compiler version): a second run with the same
/// kernels, options and NVRTC compiles nothing. The compiler is a delegate, so the hit/miss logic is testable without
/// NVRTC. A cache folder that cannot be written only costs the caching, never the compile.
/// </summary>
public sealed class KernelCache
{
    private readonly Func<KernelProgram, IReadOnlyList<string>, string> _compile;
    private readonly string _compilerVersion;

    /// <summary>Creates a cache in <paramref name="directory"/> (created on first write).</summary>
    /// <param name="directory">Folder of the .ptx files.</param>
    /// <param name="compilerVersion">Part of every key, so a new NVRTC recompiles.</param>
    /// <param name="compile">Compiles a program with options to PTX (NVRTC in production).</param>
    public KernelCache(string directory, string compilerVersion, Func<KernelProgram, IReadOnlyList<string>, string> compile)
    {
        Directory = directory;
        _compilerVersion = compilerVersion;
        _compile = compile;
    }

    /// <summary>The cache folder.</summary>
    public string Directory { get; }

    /// <summary>Programs served from disk since this cache was created.</summary>
    public int Hits { get; private set; }

    /// <summary>Programs compiled since this cache was created.</summary>
    public int Misses { get; private set; }

    /// <summary>The environment variable that moves the default cache folder (e.g. off a network home folder).</summary>
    public const string Variable = "HARNESS_KERNEL_CACHE";

    /// <summary>
    /// The default: the folder <see cref="Variable"/> names, else the per-user LocalApplicationData/harness/kernels (the
    /// temp folder when there is no such folder).
    /// </summary>
    public static string DefaultDirectory() => DefaultDirectory(Environment.GetEnvironmentVariable(Variable));

    /// <summary><see cref="DefaultDirectory()"/> with the variable's value given (null or empty: unset).</summary>
    internal static string DefaultDirectory(string? chosen)
    {
        if (!string.IsNullOrEmpty(chosen)) return Path.GetFullPath(chosen);
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        if (string.IsNullOrEmpty(root)) root = Path.GetTempPath();
        return Path.Combine(root, "harness", "kernels");
    }

    /// <summary>The cache key: lower-case hex SHA-256 over every input that changes the PTX.</summary>
    public static string Key(KernelProgram program, IReadOnlyList<string> options, string compilerVersion)
    {
        var text = new StringBuilder();
        foreach (var source in program.Headers.Prepend(program.Main))
            text.Append(source.Name).Append('\0').Append(source.Text).Append('\0');
        foreach (var option in options) text.Append(option).Append('\0');
        text.Append(compilerVersion);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The PTX for <paramref name="program"/> with <paramref name="options"/>: from disk when cached, else compiled and stored.</summary>
    public string GetPtx(KernelProgram program, IReadOnlyList<string> options)
    {
        var path = PathFor(Key(program, options, _compilerVersion), program.Name);
        if (File.Exists(path))
        {
            Hits++;
            return File.ReadAllText(path);
        }
        Misses++;
        var ptx = _compile(program, options);
        Store(path, ptx);
        return ptx;
    }

    /// <summary>The file a key is stored in: "&lt;program&gt;-&lt;key&gt;.ptx".</summary>
    public string PathFor(string key, string programName) =>
        Path.Combine(Directory, $"{Path.GetFileNameWithoutExtension(programName)}-{key}.ptx");

    // Write to a unique temporary name, then rename: a reader never sees half a file, and two processes racing
    // to fill the same entry both end with identical content.
    private void Store(string path, string ptx)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(temp, ptx);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
        }
    }
}
