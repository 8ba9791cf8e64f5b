using System.Diagnostics;
using Harness.Cuda.Compilation;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Support;

/// <summary>
/// Builds one of the CPU emulators (Emulation/*.cpp, with emulator.h) with g++ around the embedded cohort.cu,
/// selftest.cu and their headers, in a folder of its own per test run. HARNESS_EMULATOR_CXXFLAGS adds flags, e.g. "-fsanitize=thread -DEMULATOR_OS_THREADS" (emulated threads as host threads, not fibers) to have
/// ThreadSanitizer look for a missing barrier. Linux and macOS only; elsewhere, or without g++, says why.
/// </summary>
internal static class EmulatorBuild
{
    /// <summary>
    /// The built file (an executable, or a shared library when <paramref name="shared"/>; <paramref name="defines"/>,
    /// "NAME=VALUE", build a variant of its own), or null and why not.
    /// </summary>
    public static (string? Output, string Why) Build(string source, bool shared, params string[] defines)
    {
        if (OperatingSystem.IsWindows()) return (null, "the kernel emulators are built with g++ (Linux, macOS)");
        var gxx = Gxx();
        if (gxx is null) return (null, "g++ was not found on PATH; the kernel emulation checks need it (Debian: apt-get install g++)");
        var name = Path.GetFileNameWithoutExtension(source);
        var dir = Path.Combine(Path.GetTempPath(), $"harness-{name}-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        foreach (var program in new[] { CudaEngine.Program, "selftest.cu" }.Select(EmbeddedKernels.Program))
            foreach (var s in program.Headers.Append(program.Main)) File.WriteAllText(Path.Combine(dir, s.Name), s.Text);
        foreach (var file in new[] { "emulator.h", "fibers.h", source })
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Emulation", file), Path.Combine(dir, file), overwrite: true);
        var variant = string.Concat(defines.Select(d => "-" + d.Replace('=', '-')));
        var output = Path.Combine(dir, shared ? $"lib{name}{variant}.so" : name + variant);
        var extra = (Environment.GetEnvironmentVariable("HARNESS_EMULATOR_CXXFLAGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] kind = shared ? ["-shared", "-fPIC"] : [];
        var (code, text) = Execute(gxx, ["-std=c++20", "-O2", "-pthread", "-w", .. kind, .. extra, .. defines.Select(d => $"-D{d}"), "-I", dir, "-o", output, Path.Combine(dir, source)],
            TimeSpan.FromSeconds(180));
        if (code != 0) throw new InvalidOperationException($"g++ could not build {source} around cohort.cu (exit {code}): {text}");
        return (output, "");
    }

    /// <summary>g++ on PATH, or null.</summary>
    public static string? Gxx() => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(d => Path.Combine(d, "g++")).FirstOrDefault(File.Exists);

    /// <summary>
    /// Runs <paramref name="file"/> (with <paramref name="environment"/> added to this process's); its exit code and
    /// output, or -1 when it ran past <paramref name="limit"/>.
    /// </summary>
    public static (int Code, string Output) Execute(string file, IEnumerable<string> args, TimeSpan limit,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"{file} ran past {limit.TotalSeconds:F0} s");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
