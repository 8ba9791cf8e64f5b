using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Harness.Scripts.Tests;

/// <summary>
/// gpu/check.sh's host half (`run`) with a stand-in app: two bash scripts named like the published CLI and GPU test
/// runner that record how they were called and answer like them. What is checked is the script's own logic: doctor as
/// the gate, the chosen steps in order, the fallbacks a failed step sets for the rest, and what comes back in $OUT
/// (the device tool returns at most 8 files, each named in letters, digits, '.', '_' and '-').
/// </summary>
public sealed partial class GpuCheckScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-gpu-check-").FullName;

    private string Out => Path.Combine(_dir, "out");

    private string Work => Path.Combine(_dir, "work");

    private string Calls => Path.Combine(_dir, "calls.txt");

    public GpuCheckScriptTests()
    {
        Directory.CreateDirectory(Out);
        Directory.CreateDirectory(Path.Combine(_dir, "bin"));
        // nvidia-smi and compute-sanitizer as the GPU host has them, first on the PATH.
        Executable(Path.Combine(_dir, "bin", "nvidia-smi"), "echo 'NVIDIA H100 80GB HBM3, 81559 MiB, 580.159.04'");
        Executable(Path.Combine(_dir, "bin", "python3"), $"echo \"python3 $*\" >> '{Calls}'; echo 'peer jax-wide: 0.20 s for 10 epochs'");
        Executable(Path.Combine(_dir, "bin", "compute-sanitizer"), $"echo \"sanitizer $*\" >> '{Calls}'; shift 4; \"$@\"; echo '========= ERROR SUMMARY: 0 errors'");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Without_a_usable_device_only_doctor_runs_and_the_logs_still_come_back()
    {
        var (exit, output) = Check(device: false, fail: "", "run");

        Assert.Equal(0, exit);
        Assert.Equal(["harness doctor --kernel-cache"], CallLines().Select(c => string.Join(' ', c.Split(' ').Take(3))));
        Assert.Contains("nothing else ran", File.ReadAllText(Path.Combine(Out, "summary.txt")));
        Assert.Contains("no usable CUDA", LogText("doctor.log"));
        Assert.Contains("=== short table", output);
        Assert.Equal(["logs.tar.gz", "summary.txt", "table.txt"], OutFiles());
    }

    [Fact]
    public void Chosen_steps_run_in_order_and_a_failed_group_launch_turns_the_split_off_for_the_rest()
    {
        var (exit, _) = Check(device: true, "GroupLaunchTests", "run", "sweep-nielsen-10", "groups", "group-launch", "bench");

        Assert.Equal(0, exit);
        var calls = CallLines();
        Assert.Equal(["harness doctor", "tests -nocolor -class Harness.Cuda.Tests.Device.GroupLaunchTests", "harness bench", "harness sweep", "harness table", "harness export", "harness export"],
            calls.Select(c => c.StartsWith("tests", StringComparison.Ordinal) ? c.Split(" | ")[0] : string.Join(' ', c.Split(' ').Take(2))));
        Assert.Equal(7, calls.Count); // the peers run only in a whole run or when named
        Assert.DoesNotContain("HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER=1", calls[1]);
        Assert.All(calls.Skip(2), c => Assert.Contains("HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER=1", c));
        Assert.Contains("nielsen-10.json", calls[3]); // the experiment raised to 10 seeds, written in the work folder
        Assert.Contains("\"repeats\": 10", File.ReadAllText(Path.Combine(Work, "nielsen-10.json")));

        var summary = File.ReadAllLines(Path.Combine(Out, "summary.txt"));
        Assert.Matches(@"(?m)^group-launch\s+1\s", string.Join('\n', summary));
        Assert.Contains("group-launch failed: the remaining steps train every member in one block", summary);
        Assert.Contains("groups skipped: HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER is set (1) for this run", summary); // no split once it failed
        Assert.Matches(@"(?m)^sweep-nielsen-10\s+0\s", string.Join('\n', summary));
        Assert.Contains("cohort_epoch: 94 registers", File.ReadAllText(Path.Combine(Out, "table.txt")));
        Assert.Contains("nielsen-2015 with 10 seeds", LogText("results-nielsen-10.log"));
        Assert.Matches("^trials of nielsen-2015 from .*sweeps.db$", LogText("nielsen-2015-trials.csv").Trim()); // from the sweep's store
        Assert.Matches("^trials of nielsen-2015 from .*, by epoch$", LogText("nielsen-2015-epochs.csv").Trim());
    }

    [Fact]
    public void A_whole_run_calls_every_step_and_returns_at_most_eight_files_with_allowed_names()
    {
        var (exit, output) = Check(device: true, fail: "", "run");

        Assert.Equal(0, exit);
        Assert.Equal(2, File.ReadAllLines(Calls).Count(c => c.StartsWith("sanitizer --tool ", StringComparison.Ordinal)));
        var calls = CallLines();
        Assert.Contains(calls, c => c.Contains("-namespace Harness.Cuda.Tests.Device", StringComparison.Ordinal));
        Assert.Equal(3, calls.Count(c => c.StartsWith("harness sweep", StringComparison.Ordinal)));
        Assert.Equal(5, calls.Count(c => c.StartsWith("harness bench", StringComparison.Ordinal)));
        Assert.Contains(calls, c => c.StartsWith("harness bench --engine cuda --config nielsen-x4096", StringComparison.Ordinal) && c.Contains("HARNESS_CUDA_MIN_BLOCKS=4", StringComparison.Ordinal));
        Assert.DoesNotContain(calls, c => c.Contains("HARNESS_CUDA_PATH=fused", StringComparison.Ordinal)); // both first checks passed
        var capped = calls.Where(c => c.Contains("HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER", StringComparison.Ordinal)).ToList();
        Assert.Equal(["harness bench --engine cuda --config random-deep | HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER=1 ",
            "harness bench --engine cuda --config random-deep | HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER=4 "], capped); // only the groups step caps the split
        var table = File.ReadAllText(Path.Combine(Out, "table.txt"));
        Assert.Contains("all row, cap none\nepoch s: 0.5\nblocks: per member\n--- random-deep with HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER=1, then 4", table);
        Assert.Contains("random-deep row, cap 1\nrandom-deep row, cap 4\n", table);

        var files = OutFiles();
        Assert.True(files.Count <= 8, string.Join(", ", files));
        Assert.All(files, f => Assert.Matches("^[A-Za-z0-9._-]+$", f));
        Assert.Equal(["logs.tar.gz", "summary.txt", "table.txt"], files);
        foreach (var experiment in new[] { "nielsen-2015", "mnist-random", "cnn-mnist" })
            Assert.StartsWith($"trials of {experiment} from ", LogText($"{experiment}-trials.csv"), StringComparison.Ordinal);
        foreach (var experiment in new[] { "mnist-random", "cnn-mnist" }) // on the GPU host, the repository's experiments as they are
            Assert.Equal(File.ReadAllText(Path.Combine(RepoLayout.Root, "experiments", experiment + ".json")), File.ReadAllText(Path.Combine(Work, experiment + ".json")));
        Assert.Contains(calls, c => c.StartsWith("harness sweep " + Path.Combine(Work, "mnist-random.json") + " --trials 100 ", StringComparison.Ordinal));
        foreach (var step in new[] { "doctor", "group-launch", "wide-path", "sanitizer-memcheck", "sanitizer-racecheck", "gpu-tests", "bench", "occupancy-4", "threads-512", "groups", "sweep-nielsen-10", "results-nielsen-10", "sweep-random-100", "results-random-100", "sweep-cnn-mnist", "results-cnn-mnist" })
            Assert.Matches($@"(?m)^{step}\s+0\s", File.ReadAllText(Path.Combine(Out, "summary.txt")));
        Assert.Contains("ERROR SUMMARY: 0 errors", output);
        Assert.Contains("=== gpu-tests (limit 45s): ", output); // the GPU host's own limits
        Assert.StartsWith("python3 gpu/peers.py --data ", calls[^1], StringComparison.Ordinal); // last: the run had room for them
        Assert.Contains("peer jax-wide: 0.20 s for 10 epochs", File.ReadAllText(Path.Combine(Out, "table.txt")));
    }

    [Fact]
    public void A_step_that_builds_a_kernel_variant_has_doctor_compile_it_in_the_background_first()
    {
        var (exit, _) = Check(device: true, fail: "", "run", "threads-512", "group-launch");

        Assert.Equal(0, exit);
        var calls = CallLines();
        Assert.Equal(4, calls.Count);
        Assert.StartsWith("harness doctor --kernel-cache", calls[0], StringComparison.Ordinal);
        Assert.EndsWith("| ", calls[0], StringComparison.Ordinal);
        int warm = calls.FindIndex(c => c.StartsWith("harness doctor --kernel-cache", StringComparison.Ordinal) && c.EndsWith("| HARNESS_CUDA_BLOCK_THREADS=512 ", StringComparison.Ordinal));
        int bench = calls.FindIndex(c => c.StartsWith("harness bench --engine cuda --config nielsen-30ep", StringComparison.Ordinal) && c.EndsWith("| HARNESS_CUDA_BLOCK_THREADS=512 ", StringComparison.Ordinal));
        Assert.True(warm > 0 && bench > warm, string.Join('\n', calls)); // the step waited for its variant
        Assert.Contains("device:", LogText("warm-threads-512.log"));
    }

    [Fact]
    public void A_variant_step_rerun_alone_waits_for_its_compile_outside_its_limit()
    {
        var env = FakeEnv(device: true, fail: "");
        env["FAKE_WARM_SECONDS"] = "3"; // a compile that takes a while: the step must not start before it ends
        var (exit, _) = Run(env, "run", "occupancy-4");

        Assert.Equal(0, exit);
        var calls = CallLines();
        Assert.Equal(3, calls.Count);
        Assert.EndsWith("| HARNESS_CUDA_MIN_BLOCKS=4 ", calls[1], StringComparison.Ordinal); // the warm doctor, done
        Assert.StartsWith("harness bench --engine cuda --config nielsen-x4096", calls[2], StringComparison.Ordinal);
        Assert.Matches(@"(?m)^occupancy-4\s+0\s+[0-2]\.\d\ds$", File.ReadAllText(Path.Combine(Out, "summary.txt"))); // its wait is not its time
    }

    [Fact]
    public void A_sweeps_learning_curves_are_exported_even_when_its_table_fails()
    {
        var env = FakeEnv(device: true, fail: "");
        env["FAKE_TABLE_FAIL"] = "1"; // e.g. a CNN sweep stopped at its limit before any trial finished
        var (exit, _) = Run(env, "run", "sweep-cnn-mnist");

        Assert.Equal(0, exit);
        Assert.Matches(@"(?m)^results-cnn-mnist\s+1\s", File.ReadAllText(Path.Combine(Out, "summary.txt")));
        Assert.Contains("no finished trials in cnn-mnist", LogText("results-cnn-mnist.log"));
        Assert.StartsWith("trials of cnn-mnist from ", LogText("cnn-mnist-trials.csv"), StringComparison.Ordinal);
        Assert.EndsWith(", by epoch", LogText("cnn-mnist-epochs.csv").Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_step_is_refused_with_the_list_before_anything_is_unpacked()
    {
        var (exit, output) = Check(device: true, fail: "", "run", "bench", "benchmarks");

        Assert.Equal(2, exit);
        Assert.Contains("unknown step 'benchmarks'", output);
        Assert.Contains("sweep-cnn-mnist", output);
        Assert.False(Directory.Exists(Work));
        Assert.Empty(OutFiles());
        Assert.False(File.Exists(Calls));
    }

    [Fact]
    public void Without_a_published_app_run_says_to_publish_first()
    {
        var (exit, output) = Run(new Dictionary<string, string> { ["HARNESS_CHECK_APP"] = Path.Combine(_dir, "none.tar.xz") }, "run");

        Assert.Equal(2, exit);
        Assert.Contains("none.tar.xz not found: run 'gpu/check.sh publish'", output);
        Assert.False(Directory.Exists(Work));
    }

    [Fact]
    public void Emulate_builds_the_driver_stand_in_and_runs_the_quick_steps_with_it_first_on_the_loader_path()
    {
        var loaderPaths = Path.Combine(_dir, "ld.txt");
        var (exit, output) = Emulate("", loaderPaths);

        Assert.True(exit == 0, output);
        string[] results = ["harness table", "harness export", "harness export"];
        string[] expected = ["harness doctor", "tests -nocolor -class Harness.Cuda.Tests.Device.GroupLaunchTests",
            "tests -nocolor -class Harness.Cuda.Tests.Device.WideParityTests", "tests -nocolor -parallel none -namespace Harness.Cuda.Tests.Device",
            "harness sweep", .. results, "harness sweep", .. results[1..], "harness sweep", .. results];
        var calls = CallLines();
        Assert.Equal(expected.Length, calls.Count);
        Assert.All(expected.Zip(calls), p => Assert.StartsWith(p.First, p.Second));
        var driver = Path.Combine(_dir, "work-emulated", "driver");
        Assert.All(File.ReadAllLines(loaderPaths), p => Assert.StartsWith(driver + ":", p + ":"));
        Assert.All(new[] { "libcuda.so.1", "libcublas.so.12" }, n => Assert.Equal("libdriver_emulator.so", new FileInfo(Path.Combine(driver, n)).LinkTarget));
        Assert.True(File.Exists(Path.Combine(driver, "libdriver_emulator.so")));
        Assert.Contains("emulated driver: doctor group-launch wide-path gpu-tests sweep-nielsen-10 results-nielsen-10 sweep-random-100 "
            + "results-random-100 sweep-cnn-mnist results-cnn-mnist passed", output);
        Assert.Empty(OutFiles()); // the device tool's $OUT is for the GPU host's run
        Assert.Contains("=== gpu-tests (limit 90s): ", output); // twice the GPU host's 45 s: the stand-in runs every kernel on the CPU

        // The sweeps ran the repository's experiments cut to a few hundred images and one epoch.
        var work = Path.Combine(_dir, "work-emulated", "work");
        foreach (var (file, images) in new[] { ("nielsen-10.json", 500), ("mnist-random.json", 500), ("cnn-mnist.json", 20) })
        {
            var text = File.ReadAllText(Path.Combine(work, file));
            Assert.Contains($"\"split\": \"standard\", \"train_limit\": {images}, \"validation_limit\": {images}, \"test_limit\": {images} }}", text);
            Assert.Matches("\"epochs\": 1\\b", text);
            Assert.DoesNotMatch("\"epochs\": (?!1\\b)", text);
        }
        Assert.Contains("\"repeats\": 10", File.ReadAllText(Path.Combine(work, "nielsen-10.json")));
        Assert.Contains(calls, c => c.StartsWith("harness sweep " + Path.Combine(work, "mnist-random.json") + " --trials 6 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Emulate_fails_naming_the_sweep_whose_experiment_it_cannot_cut()
    {
        var repo = Path.Combine(_dir, "repo"); // a copy of the script beside an experiment whose dataset line reads otherwise
        Directory.CreateDirectory(Path.Combine(repo, "gpu"));
        Directory.CreateDirectory(Path.Combine(repo, "experiments"));
        File.Copy(Script, Path.Combine(repo, "gpu", "check.sh"));
        foreach (var f in Directory.GetFiles(Path.Combine(RepoLayout.Root, "experiments")))
            File.Copy(f, Path.Combine(repo, "experiments", Path.GetFileName(f)));
        var cnn = Path.Combine(repo, "experiments", "cnn-mnist.json");
        File.WriteAllText(cnn, File.ReadAllText(cnn).Replace("\"split\": \"standard\" }", "\"split\": \"standard\", \"seed\": 3 }", StringComparison.Ordinal));
        foreach (var d in new[] { "src/Harness.Cuda/Kernels", "tests/Harness.Cuda.Tests/Emulation" })
        {
            Directory.CreateDirectory(Path.Combine(repo, d));
            foreach (var f in Directory.GetFiles(Path.Combine(RepoLayout.Root, d))) File.Copy(f, Path.Combine(repo, d, Path.GetFileName(f)));
        }

        var (exit, output) = Emulate("", Path.Combine(_dir, "ld.txt"), Path.Combine(repo, "gpu", "check.sh"));

        Assert.Equal(1, exit);
        Assert.Contains("gpu/check.sh emulate: sweep-cnn-mnist failed on the emulated driver", output);
        Assert.Contains("sweep-cnn-mnist: its experiment's dataset has no '\"split\": \"standard\" }' to cut",
            File.ReadAllText(Path.Combine(_dir, "work-emulated", "back", "summary.txt")));
    }

    [Fact]
    public void Emulate_fails_naming_the_step_that_failed_on_the_emulated_driver()
    {
        var (exit, output) = Emulate("WideParityTests", Path.Combine(_dir, "ld.txt"));

        Assert.Equal(1, exit);
        Assert.Contains("gpu/check.sh emulate: wide-path failed on the emulated driver", output);
    }

    private (int Exit, string Output) Emulate(string fail, string loaderPaths, string? script = null)
    {
        if (!ScriptProcess.Has("g++")) Assert.Skip("gpu/check.sh emulate builds the driver stand-in with g++ (Debian: apt-get install g++)");
        var env = FakeEnv(device: true, fail);
        env["FAKE_LD"] = loaderPaths;
        return RunScript(env, script ?? Script, "emulate");
    }

    [Fact]
    public void The_steps_limits_add_up_to_under_eight_minutes()
    {
        var (exit, output) = Run([], "steps");

        Assert.Equal(0, exit);
        var limits = StepLine().Matches(output).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        int tables = Regex.Matches(output, @"then its results: (\d+)s").Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(limits["all"], limits.Where(l => l.Key is not "all" and not "peers").Sum(l => l.Value) + tables);
        Assert.True(limits["all"] < 480, $"the limits add up to {limits["all"]} s");
        Assert.Contains("sweep-cnn-mnist", limits.Keys);
        Assert.True(limits["all"] + limits["peers"] < 600, "the peers must fit in the device tool's 600 s with the rest");
    }

    /// <summary>A class or test the script names that no longer exists would run nothing there and pass.</summary>
    [Fact]
    public void Every_test_class_and_method_the_script_names_exists_in_the_GPU_tests()
    {
        var script = File.ReadAllText(Script);
        var named = NamedTest().Matches(script).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(named.Count >= 6, $"the script names {named.Count} tests or classes: {string.Join(", ", named)}");
        foreach (var name in named)
        {
            var parts = name.Split('.');
            bool isClass = parts[^1].EndsWith("Tests", StringComparison.Ordinal) || parts[^1] == "*";
            var cls = isClass ? (parts[^1] == "*" ? parts[^2] : parts[^1]) : parts[^2];
            var file = Path.Combine(RepoLayout.Root, "tests", "Harness.Cuda.Tests", "Device", cls + ".cs");
            Assert.True(File.Exists(file), $"{name}: no {cls} in tests/Harness.Cuda.Tests/Device");
            if (!isClass) Assert.Matches($@"public (async Task|void) {Regex.Escape(parts[^1])}\(", File.ReadAllText(file));
        }
    }

    [GeneratedRegex(@"Harness\.Cuda\.Tests\.Device\.([A-Za-z_.*]+)")]
    private static partial Regex NamedTest();

    [GeneratedRegex(@"(?m)^(\S+)\s+(\d+)s")]
    private static partial Regex StepLine();

    /// <summary>Runs the script on the stand-in app; the test runner fails the classes whose name is <paramref name="fail"/>.</summary>
    private (int Exit, string Output) Check(bool device, string fail, params string[] args) => Run(FakeEnv(device, fail), args);

    /// <summary>The stand-in app's variables: a device or none, and the test classes whose name is <paramref name="fail"/> fail.</summary>
    private Dictionary<string, string> FakeEnv(bool device, string fail) => new()
    {
        ["HARNESS_CHECK_APP"] = FakeApp(),
        ["FAKE_DEVICE"] = device ? "1" : "0",
        ["FAKE_FAIL"] = fail,
    };

    private static string Script => Path.Combine(RepoLayout.Root, "gpu", "check.sh");

    private (int Exit, string Output) Run(Dictionary<string, string> env, params string[] args) => RunScript(env, Script, args);

    private (int Exit, string Output) RunScript(Dictionary<string, string> env, string script, params string[] args)
    {
        var bash = ScriptProcess.Bash;
        if (bash is null || !OperatingSystem.IsLinux()) Assert.Skip("gpu/check.sh runs on the Linux GPU host (bash, tar, xz)");
        var psi = new ProcessStartInfo(bash);
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OUT"] = Out;
        psi.Environment["HARNESS_CHECK_WORK"] = Work;
        psi.Environment["PATH"] = $"{Path.Combine(_dir, "bin")}:{Environment.GetEnvironmentVariable("PATH")}";
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("HARNESS_CUDA_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(name);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        return ScriptProcess.Run(psi, TimeSpan.FromMinutes(2));
    }

    /// <summary>The stand-in app packed as `publish` packs the real one: harness and Harness.Cuda.Tests at the top.</summary>
    private string FakeApp()
    {
        var app = Path.Combine(_dir, "app");
        Directory.CreateDirectory(app);
        string record = $"echo \"$CALLER $* | $(env | grep '^HARNESS_CUDA_' | sort | tr '\\n' ' ')\" >> '{Calls}'";
        record += "; if [ -n \"${FAKE_LD:-}\" ]; then echo \"$LD_LIBRARY_PATH\" >> \"$FAKE_LD\"; fi";
        Executable(Path.Combine(app, "harness"), $$"""
            CALLER=harness
            if [ "$1" = doctor ] && [ -n "${FAKE_WARM_SECONDS:-}" ] && env | grep -q '^HARNESS_CUDA_'; then sleep "$FAKE_WARM_SECONDS"; fi
            {{record}}
            case $1 in
              doctor) if [ "$FAKE_DEVICE" = 1 ]; then echo 'device:              NVIDIA H100 80GB HBM3 (compute 9.0, 132 SMs)'
                      else echo 'device:              no usable CUDA: cuInit failed: CUDA_ERROR_NO_DEVICE (100)'; fi ;;
              bench) echo 'cohort_epoch: 94 registers, 2 blocks per SM'; echo 'case nielsen-x4096'; echo "${5:-all} row, cap ${HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER:-none}"; echo 'epoch s: 0.5'; echo 'blocks: per member' ;;
              sweep) db=${@: -1}; echo "the sweep's store" > "$db"; echo 'sweep done: 30 trials' ;;
              export) by=""; case " $* " in *" --epochs "*) by=", by epoch" ;; esac
                      echo "trials of $2 from ${@: -3:1}$by" > "${@: -1}" ;;
              table) if [ "${FAKE_TABLE_FAIL:-0}" = 1 ]; then echo "no finished trials in $2" >&2; exit 1; fi; echo "$2 with 10 seeds" ;;
            esac
            """);
        Executable(Path.Combine(app, "Harness.Cuda.Tests"), $$"""
            CALLER=tests; {{record}}
            echo 'Total: 12, Errors: 0, Failed: 0, Skipped: 0'
            if [ -n "$FAKE_FAIL" ]; then case "$*" in *"-class Harness.Cuda.Tests.Device.$FAKE_FAIL"*) exit 1 ;; esac; fi
            """);
        var tar = Path.Combine(_dir, "app.tar.xz");
        var (exit, output) = ScriptProcess.Run(new ProcessStartInfo("tar", ["-cJf", tar, "-C", app, "."]), TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, output);
        return tar;
    }

    private static void Executable(string path, string body)
    {
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private List<string> CallLines() => File.Exists(Calls) ? File.ReadAllLines(Calls).Where(l => !l.StartsWith("sanitizer", StringComparison.Ordinal)).ToList() : [];

    private List<string> OutFiles() => Directory.GetFiles(Out).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    private string LogText(string name) => Unpacked("logs.tar.gz", name);

    /// <summary>The text of the file <paramref name="name"/> inside $OUT's <paramref name="archive"/> (.tar.gz).</summary>
    private string Unpacked(string archive, string name)
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine(Out, archive)), CompressionMode.Decompress);
        using var reader = new TarReader(gz);
        while (reader.GetNextEntry() is { } entry)
            if (Path.GetFileName(entry.Name) == name && entry.DataStream is { } data)
                return new StreamReader(data).ReadToEnd();
        Assert.Fail($"{name} is not in {archive}");
        return "";
    }
}
