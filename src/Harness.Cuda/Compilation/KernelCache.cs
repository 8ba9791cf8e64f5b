using System.Security.Cryptography;
using System.Text;

namespace Harness.Cuda.Compilation;

/// <summary>
/// Compiled kernels cached on disk by SHA-256 of (source, headers, options, compiler version): PTX (.ptx) and the
/// device's machine code (.cubin), so a second run with the same kernels, options and NVRTC compiles nothing. The
/// compilers are delegates, so the hit/miss logic is testable without NVRTC. A cache folder that cannot be written only
/// costs the caching, never the compile.
/// </summary>
public sealed class KernelCache
{
    private readonly Func<KernelProgram, IReadOnlyList<string>, string> _compile;
    private readonly Func<KernelProgram, IReadOnlyList<string>, byte[]>? _compileCubin;
    private readonly string _compilerVersion;

    /// <summary>Creates a cache in <paramref name="directory"/> (created on first write).</summary>
    /// <param name="directory">Folder of the .ptx and .cubin files.</param>
    /// <param name="compilerVersion">Part of every key, so a new NVRTC recompiles.</param>
    /// <param name="compile">Compiles a program with options to PTX (NVRTC in production).</param>
    /// <param name="compileCubin">Compiles a program with options to a CUBIN (NVRTC in production); null: <see cref="GetCubin"/> is refused.</param>
    public KernelCache(string directory, string compilerVersion, Func<KernelProgram, IReadOnlyList<string>, string> compile,
        Func<KernelProgram, IReadOnlyList<string>, byte[]>? compileCubin = null)
    {
        Directory = directory;
        _compilerVersion = compilerVersion;
        _compile = compile;
        _compileCubin = compileCubin;
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
    public string GetPtx(KernelProgram program, IReadOnlyList<string> options) =>
        Encoding.UTF8.GetString(Get(program, options, ".ptx", () => Encoding.UTF8.GetBytes(_compile(program, options))));

    /// <summary>The CUBIN for <paramref name="program"/> with <paramref name="options"/> (sm_XY): from disk when cached, else compiled and stored.</summary>
    public byte[] GetCubin(KernelProgram program, IReadOnlyList<string> options)
    {
        var compile = _compileCubin ?? throw new InvalidOperationException("this kernel cache was made without a CUBIN compiler");
        return Get(program, options, ".cubin", () => compile(program, options));
    }

    private byte[] Get(KernelProgram program, IReadOnlyList<string> options, string extension, Func<byte[]> compile)
    {
        var path = PathFor(Key(program, options, _compilerVersion), program.Name, extension);
        if (File.Exists(path))
        {
            Hits++;
            return File.ReadAllBytes(path);
        }
        Misses++;
        var image = compile();
        Store(path, image);
        return image;
    }

    /// <summary>The file a key is stored in: "&lt;program&gt;-&lt;key&gt;.ptx" (or <paramref name="extension"/>).</summary>
    public string PathFor(string key, string programName, string extension = ".ptx") =>
        Path.Combine(Directory, $"{Path.GetFileNameWithoutExtension(programName)}-{key}{extension}");

    // Write to a unique temporary name, then rename: a reader never sees half a file, and two processes racing
    // to fill the same entry both end with identical content.
    private void Store(string path, byte[] image)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllBytes(temp, image);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
        }
    }
}
