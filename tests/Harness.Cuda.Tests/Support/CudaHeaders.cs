using System.Globalization;
using System.Text;

namespace Harness.Cuda.Tests.Support;

/// <summary>
/// CUDA's own headers (cuda.h, cublas_v2.h, nvrtc.h), and a probe built against them with g++ that prints what they
/// declare: the size and kind of each parameter of a function, and the value of an enum member or macro. The bindings
/// are written by hand, so this is what says they are CUDA's and not only the emulator's. Found in
/// HARNESS_CUDA_INCLUDE, CUDA_PATH/include, /usr/local/cuda/include or /usr/include (.ci/run unpacks Debian's
/// nvidia-cuda-dev headers and sets HARNESS_CUDA_INCLUDE).
/// </summary>
internal static class CudaHeaders
{
    public const string Variable = "HARNESS_CUDA_INCLUDE";
    private static readonly string[] Required = ["cuda.h", "cublas_v2.h", "nvrtc.h"];

    /// <summary>The folder that holds all three headers, or a skip saying where they were looked for.</summary>
    public static string Folder()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named)
        {
            var missing = Required.Where(h => !File.Exists(Path.Combine(named, h))).ToArray();
            if (missing.Length > 0) Assert.Fail($"{Variable}={named} lacks {string.Join(", ", missing)}");
            return named;
        }
        string?[] candidates =
        [
            Environment.GetEnvironmentVariable("CUDA_PATH") is { Length: > 0 } cuda ? Path.Combine(cuda, "include") : null,
            "/usr/local/cuda/include", "/usr/include",
        ];
        var found = candidates.OfType<string>().FirstOrDefault(d => Required.All(h => File.Exists(Path.Combine(d, h))));
        if (found is null)
            Assert.Skip($"CUDA's headers ({string.Join(", ", Required)}) are not in {Variable}, CUDA_PATH/include, " +
                "/usr/local/cuda/include or /usr/include (Debian: the nvidia-cuda-dev package)");
        return found!;
    }

    /// <summary>
    /// Builds and runs a probe: for each function in <paramref name="functions"/>, "sig NAME R A1 A2 ..." where each
    /// code is sizeof x 10, plus 1 for a floating-point type (0 for void); for each name in <paramref name="values"/>,
    /// "val NAME VALUE". Returns the lines keyed by NAME, each line's numbers.
    /// </summary>
    public static IReadOnlyDictionary<string, long[]> Probe(string folder, IEnumerable<string> functions, IEnumerable<string> values)
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("the header probe is built with g++ (Linux, macOS)");
        var gxx = EmulatorBuild.Gxx();
        if (gxx is null) Assert.Skip("g++ was not found on PATH; the header probe needs it (Debian: apt-get install g++)");
        var dir = Path.Combine(Path.GetTempPath(), $"harness-header-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var source = Path.Combine(dir, "probe.cpp");
            File.WriteAllText(source, Source(functions, values));
            var exe = Path.Combine(dir, "probe");
            var (code, text) = EmulatorBuild.Execute(gxx!, ["-std=c++20", "-w", "-I", folder, "-o", exe, source], TimeSpan.FromSeconds(120));
            if (code != 0) Assert.Fail($"the probe did not build against {folder} (exit {code}): {text}");
            (code, text) = EmulatorBuild.Execute(exe, [], TimeSpan.FromSeconds(30));
            if (code != 0) Assert.Fail($"the probe failed (exit {code}): {text}");
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(
                p => p[1], p => p.Skip(2).Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Source(IEnumerable<string> functions, IEnumerable<string> values)
    {
        var s = new StringBuilder("""
            #include <cuda.h>
            #include <cublas_v2.h>
            #include <nvrtc.h>
            #include <cstdint>
            #include <cstdio>
            #include <type_traits>
            template <class T> constexpr int code() {
                if constexpr (std::is_void_v<T>) return 0;
                else return (int)sizeof(T) * 10 + (std::is_floating_point_v<T> ? 1 : 0);
            }
            template <class F> struct Sig;
            template <class R, class... A> struct Sig<R(A...)> {
                static void print(const char* name) {
                    std::printf("sig %s %d", name, code<R>());
                    ((std::printf(" %d", code<A>())), ...);
                    std::printf("\n");
                }
            };
            template <class R, class... A> struct Sig<R(A...) noexcept> : Sig<R(A...)> {};
            template <class T> void val(const char* name, T v) {
                long long x;
                if constexpr (std::is_pointer_v<T>) x = (long long)(std::uintptr_t)v;
                else x = (long long)v;
                std::printf("val %s %lld\n", name, x);
            }
            int main() {

            """);
        foreach (var f in functions) s.Append(CultureInfo.InvariantCulture, $"    Sig<decltype({f})>::print(\"{f}\");\n");
        foreach (var v in values) s.Append(CultureInfo.InvariantCulture, $"    val(\"{v}\", {v});\n");
        return s.Append("    return 0;\n}\n").ToString();
    }
}
