using System.Globalization;
using Harness.Cuda.Compilation;
using Harness.Cuda.Tests.Support;
using Harness.Engine.Cuda;
using Microsoft.VisualBasic.FileIO;

namespace Harness.Cli.Tests;

/// <summary>
/// The CLI on a CUDA device: the CPU stand-in for the CUDA driver and cuBLAS (Emulation/driver_emulator.cpp, as the
/// CUDA tests use it) first on the loader's path of each child process, so doctor, `--engine auto` and a sweep go down
/// the CUDA engine's whole path, store writes included. Skips where the stand-in cannot be built (no g++, Windows) or
/// NVRTC is missing.
/// </summary>
public sealed class EmulatedCudaCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public void Doctor_reports_the_device_and_passes_every_self_test_check()
    {
        var (exit, output) = CliProcess.Run(Limit, Driver(), "doctor");
        Assert.True(exit == 0, output);
        Assert.Contains("device:              CPU emulation of a CUDA device (Harness tests) (device 0)", output);
        Assert.Contains("memory:              8,192 MiB; stream-ordered allocation yes", output);
        Assert.Contains("run-time limit:      none: an epoch is one launch of the fused kernel", output);
        Assert.Contains("kernels compile:     ok (machine code for sm_90)", output);
        Assert.Contains("cuBLAS:              12.9.0 (libcublas.so.12)", output);
        Assert.Contains("self-test:           passed (5 of 5 checks", output);
    }

    [Fact]
    public void Doctor_compiles_the_fused_kernel_the_engine_settings_pick_to_machine_code_the_engine_then_finds_cached()
    {
        using var dir = new TempDir();
        var env = new Dictionary<string, string>(Driver()) { ["HARNESS_CUDA_MIN_BLOCKS"] = "4" };
        var (exit, output) = CliProcess.Run(Limit, env, "doctor", "--kernel-cache", dir.Path);
        Assert.True(exit == 0, output);
        Assert.Contains("kernels compile:     ok (machine code for sm_90; cohort.cu with COHORT_MIN_BLOCKS=4)", output);

        // where the engine looks under the same setting (CudaEngine.TryCreate: KernelCompiler.Load)
        var defines = CudaEngine.KernelDefines(name => env.GetValueOrDefault(name));
        var options = KernelCompiler.CubinOptions(new Harness.Cuda.ComputeCapability(9, 0), defines);
        var program = EmbeddedKernels.Program(CudaEngine.Program);
        var cubin = new KernelCompiler(dir.Path).Cache.PathFor(KernelCache.Key(program, options, NvrtcCompiler.Version), CudaEngine.Program, ".cubin");
        Assert.True(File.Exists(cubin), $"{cubin} is not in the cache: {string.Join(", ", Directory.GetFiles(dir.Path).Select(Path.GetFileName))}");
        Assert.Equal([0x7f, (byte)'E', (byte)'L', (byte)'F'], File.ReadAllBytes(cubin)[..4]);

        var (again, rerun) = CliProcess.Run(Limit, env, "doctor", "--kernel-cache", dir.Path);
        Assert.True(again == 0, rerun);
        Assert.Contains($"kernel cache:        0 compiled, {EmbeddedKernels.Programs.Count} reused", rerun);
    }

    [Fact]
    public void A_sweep_on_auto_trains_on_the_device_and_matches_the_same_sweep_on_the_CPU()
    {
        using var dir = new TempDir();
        var spec = dir.File("xor.json");
        File.WriteAllText(spec, """
            {
              "name": "xor",
              "dataset": { "name": "xor" },
              "base": { "hidden": [4], "activation": "tanh", "loss": "softmax_cross_entropy", "init": "glorot_uniform",
                        "optimizer": "adam", "learning_rate": 0.05, "batch_size": 0, "epochs": 40, "seed": 1 },
              "repeats": 2,
              "search": { "strategy": "grid", "space": { "width": [2, 8], "learning_rate": [0.05, 0.1] } }
            }
            """);
        var (exit, output) = CliProcess.Run(Limit, Driver(), "sweep", spec, "--db", dir.File("gpu.db"));
        Assert.True(exit == 0, output);
        Assert.Contains("engine: auto -> cuda, CPU emulation of a CUDA device (Harness tests)", output);
        Assert.Contains("xor v1: 8 trials (8 complete)", output);
        var (cpuExit, cpuOutput) = CliProcess.Run(Limit, "sweep", spec, "--engine", "cpu", "--db", dir.File("cpu.db"));
        Assert.True(cpuExit == 0, cpuOutput);

        var gpu = Trials(dir, "gpu");
        var cpu = Trials(dir, "cpu");
        Assert.Equal(cpu.Keys.Order(), gpu.Keys.Order());
        foreach (var (key, c) in cpu)
        {
            var g = gpu[key];
            Assert.Equal(("cuda", "cpu"), (g["engine"], c["engine"]));
            Assert.Equal(c["best_epoch"], g["best_epoch"]);
            foreach (var column in new[] { "validation_loss", "test_loss", "validation_accuracy", "test_accuracy" })
            {
                double a = double.Parse(g[column], CultureInfo.InvariantCulture), b = double.Parse(c[column], CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(a - b) <= 1e-6 + 1e-4 * Math.Abs(b), $"{key} {column}: cuda {a}, cpu {b}");
            }
        }
    }

    [Fact]
    public void A_sweep_on_cuda_makes_the_context_once_and_tells_the_engine_after_the_data()
    {
        using var dir = new TempDir();
        var spec = dir.File("xor.json");
        File.WriteAllText(spec, """
            {
              "name": "xor",
              "dataset": { "name": "xor" },
              "base": { "hidden": [4], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.05, "batch_size": 0, "epochs": 5, "seed": 1 },
              "repeats": 2,
              "search": { "strategy": "grid", "space": { "width": [2] } }
            }
            """);
        var traced = Driver();
        traced["HARNESS_EMULATED_TRACE"] = "1";
        var (exit, output) = CliProcess.Run(Limit, traced, "sweep", spec, "--engine", "cuda", "--db", dir.File("sweep.db"));
        Assert.True(exit == 0, output);
        // `--engine cuda` is checked before the store opens, and the engine starts while the data loads: one context
        Assert.Single(output.Split('\n'), line => line.Contains("emulated driver: primary context created"));
        int data = output.IndexOf("data: 4 train", StringComparison.Ordinal), engine = output.IndexOf("engine: cuda, CPU emulation", StringComparison.Ordinal);
        Assert.True(data >= 0 && engine > data, output);
        Assert.Contains("xor v1: 2 trials (2 complete)", output);
    }

    [Fact]
    public void On_a_device_whose_kernels_have_a_run_time_limit_epochs_take_several_short_launches_and_train_the_same()
    {
        using var dir = new TempDir();
        var spec = dir.File("xor.json");
        File.WriteAllText(spec, """
            {
              "name": "xor",
              "dataset": { "name": "xor", "samples": 200 },
              "base": { "hidden": [4], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.05, "batch_size": 10, "epochs": 4, "seed": 1 },
              "search": { "strategy": "grid", "space": { "width": [4, 8] } }
            }
            """);
        var limited = Driver();
        limited["HARNESS_EMULATED_RUN_LIMIT"] = "1";
        var (doctorExit, doctor) = CliProcess.Run(Limit, limited, "doctor");
        Assert.True(doctorExit == 0, doctor);
        Assert.Contains("run-time limit:      yes (the GPU drives a display, whose watchdog ends long kernels): the CUDA engine cuts each epoch into short launches", doctor);

        int Launches(Dictionary<string, string> env, string db)
        {
            env["HARNESS_EMULATED_TRACE"] = "1";
            var (exit, output) = CliProcess.Run(Limit, env, "sweep", spec, "--engine", "cuda", "--db", dir.File(db + ".db"));
            Assert.True(exit == 0, output);
            Assert.Contains("xor v1: 2 trials (2 complete)", output);
            return output.Split('\n').Count(line => line.Contains("emulated driver: launch cohort_epoch", StringComparison.Ordinal));
        }
        Assert.Equal(2 * 4, Launches(Driver(), "whole")); // a launch an epoch for each of the two cohorts
        Assert.True(Launches(limited, "cut") > 2 * 4 + 2); // the first launch takes one step, and an epoch has more
        var (whole, cut) = (Trials(dir, "whole"), Trials(dir, "cut"));
        Assert.Equal(whole.Keys.Order(), cut.Keys.Order());
        foreach (var (key, w) in whole)
            foreach (var column in new[] { "best_epoch", "epochs_run", "validation_loss", "test_loss", "validation_accuracy", "test_accuracy" })
                Assert.True(w[column] == cut[key][column], $"{key} {column}: one launch an epoch {w[column]}, cut {cut[key][column]}");
    }

    [Fact]
    public void A_device_fault_stops_the_sweep_leaving_every_trial_to_a_rerun_which_finishes_it()
    {
        using var dir = new TempDir();
        var spec = dir.File("xor.json");
        File.WriteAllText(spec, """
            {
              "name": "xor",
              "dataset": { "name": "xor" },
              "base": { "hidden": [4], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.05, "batch_size": 0, "epochs": 40, "seed": 1 },
              "repeats": 2,
              "search": { "strategy": "grid", "space": { "width": [2, 8], "learning_rate": [0.05, 0.1] } }
            }
            """);
        var db = dir.File("sweep.db");
        var faulty = Driver();
        faulty["HARNESS_EMULATED_FAULT_AT"] = "30"; // mid-training: 40 epochs of one launch per cohort
        var (exit, output) = CliProcess.Run(Limit, faulty, "sweep", spec, "--db", db);
        Assert.True(exit == 1, output);
        Assert.Contains("error: the cuda engine faulted and can train nothing more in this process", output);
        Assert.Contains("CUDA_ERROR_ILLEGAL_ADDRESS", output);
        Assert.DoesNotContain("Unhandled exception", output);
        var (_, status) = CliProcess.Run(Limit, "status", "xor", "--db", db);
        Assert.Contains("xor v1: 8 trials, 8 pending, 0 running, 0 finished", status); // interrupted trials run again

        var (again, rerun) = CliProcess.Run(Limit, Driver(), "sweep", spec, "--db", db);
        Assert.True(again == 0, rerun);
        Assert.Contains("xor v1: 8 trials (8 complete); 8 ran in this run", rerun);
    }

    // The emulator's variables for a child process, or a skip saying why there is none.
    private static Dictionary<string, string> Driver()
    {
        if (!NvrtcCompiler.IsAvailable(out var nvrtc)) Assert.Skip($"{nvrtc}; the CUDA engine compiles its kernels with NVRTC");
        var (folder, why) = EmulatedDriver.Folder;
        if (folder is null) Assert.Skip(why);
        return EmulatedDriver.Environment(folder);
    }

    // `harness export` of the sweep in NAME.db: each trial's columns by key
    private static Dictionary<string, Dictionary<string, string>> Trials(TempDir dir, string name)
    {
        var csv = dir.File(name + ".csv");
        var (exit, output) = CliProcess.Run(Limit, "export", "xor", "--db", dir.File(name + ".db"), "--out", csv);
        Assert.True(exit == 0, output);
        using var parser = new TextFieldParser(csv) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields()!;
        var trials = new Dictionary<string, Dictionary<string, string>>();
        while (parser.ReadFields() is { } fields)
        {
            var row = header.Zip(fields).ToDictionary(p => p.First, p => p.Second);
            trials[row["key"]] = row;
        }
        return trials;
    }
}
