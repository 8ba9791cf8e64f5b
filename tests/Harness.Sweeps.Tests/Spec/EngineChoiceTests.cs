using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Sweeps.Tests.Spec;

/// <summary>Engine choice with the CUDA probe given (no GPU needed) and with the real probe of this machine.</summary>
public sealed class EngineChoiceTests
{
    private const string NoDevice = "no usable CUDA: the driver sees no CUDA device";

    private static (IEngine?, string) None() => (null, NoDevice);

    [Fact]
    public void Cuda_without_a_usable_device_is_refused_with_the_reason()
    {
        var ex = Assert.Throws<InvalidDataException>(() => EngineChoice.Resolve("cuda", null, None));
        Assert.Equal($"engine 'cuda': {NoDevice}", ex.Message);
        ex = Assert.Throws<InvalidDataException>(() => EngineChoice.Check("cuda", () => NoDevice));
        Assert.Equal($"engine 'cuda': {NoDevice}", ex.Message);
        EngineChoice.Check("cuda", () => null);
        Assert.Contains("not known; allowed: auto, cpu, cuda", Assert.Throws<InvalidDataException>(() => EngineChoice.Check("gpu")).Message);
    }

    [Fact]
    public void Where_CUDA_will_train_a_refused_engine_setting_is_refused_before_anything_opens()
    {
        Func<string, string?> bad = name => name == WidePath.Variable ? "cublas" : name == GroupPlan.CapVariable ? "0" : null;
        foreach (var requested in new[] { "cuda", "auto" })
        {
            var ex = Assert.Throws<InvalidDataException>(() => EngineChoice.Check(requested, () => null, bad));
            Assert.StartsWith("the CUDA engine's settings: HARNESS_CUDA_PATH: 'cublas' is not a path; allowed: auto, fused, wide; HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER: '0'", ex.Message);
        }
        EngineChoice.Check("auto", () => NoDevice, bad); // the CPU trains: the GPU's settings do not matter
        EngineChoice.Check("cpu", () => throw new InvalidOperationException("cpu must not probe CUDA"), bad);
        EngineChoice.Check("cuda", () => null, name => name == WidePath.Tf32Variable ? "1" : null);
        EngineChoice.Check("auto", () => throw new InvalidOperationException("nothing refused: no probe"), _ => null);
    }

    [Fact]
    public void Auto_without_a_usable_device_takes_the_cpu_and_says_why()
    {
        var lines = new List<string>();
        using (var engine = EngineChoice.Resolve("auto", lines.Add, None)) Assert.Equal("cpu", engine.Name);
        var line = Assert.Single(lines);
        Assert.StartsWith("engine: auto -> cpu, cpu (", line);
        Assert.EndsWith($"({NoDevice})", line);
    }

    [Fact]
    public void Auto_and_cuda_take_a_usable_CUDA_engine_and_name_its_device()
    {
        foreach (var (requested, said) in new[] { ("auto", "engine: auto -> cuda, Fake GPU"), ("cuda", "engine: cuda, Fake GPU") })
        {
            var lines = new List<string>();
            var fake = new FakeCudaEngine();
            using var engine = EngineChoice.Resolve(requested, lines.Add, () => (fake, ""));
            Assert.Equal("cuda", engine.Name);
            Assert.Equal(said, Assert.Single(lines));
            if (requested == "cuda") Assert.Same(fake, engine); // refuses what it cannot train, at the cohort
            else Assert.Same(fake, Assert.IsType<RoutingEngine>(engine).Route([new TrainConfig()]).Engine);
        }
        var cpuLines = new List<string>();
        using (var cpu = EngineChoice.Resolve("cpu", cpuLines.Add, () => throw new InvalidOperationException("cpu must not probe CUDA")))
            Assert.Equal("cpu", cpu.Name);
    }

    [Fact]
    public void Auto_with_a_usable_device_sends_what_CUDA_refuses_to_the_cpu_engine()
    {
        var fake = new FakeCudaEngine();
        using var engine = Assert.IsType<RoutingEngine>(EngineChoice.Resolve("auto", null, () => (fake, "")));
        // deeper than the fused kernel holds, and augmented, so not the wide path's either
        var refused = new TrainConfig { Hidden = [.. Enumerable.Repeat(4, CohortPlan.MaxStages)], Augmentation = new Augmentation { Noise = 0.1 } };
        var (routedTo, why) = engine.Route([new TrainConfig(), refused]);
        Assert.IsType<CpuEngine>(routedTo);
        Assert.Equal(CudaCapabilities.Refusal(refused), why);
        Assert.NotNull(why);
        using var cuda = EngineChoice.Resolve("cuda", null, () => (new FakeCudaEngine(), ""));
        Assert.IsNotType<RoutingEngine>(cuda);
    }

    [Fact]
    public void The_real_probe_and_resolve_agree_on_this_machine()
    {
        var why = Harness.Engine.Cuda.CudaEngine.Unavailable();
        if (why is null) Assert.Skip("this machine has a usable CUDA device; the no-GPU path is checked where there is none");
        Assert.StartsWith("no usable CUDA: ", why);
        Assert.Equal($"engine 'cuda': {why}", Assert.Throws<InvalidDataException>(() => EngineChoice.Check("cuda")).Message);
        var lines = new List<string>();
        using (var engine = EngineChoice.Resolve("auto", lines.Add)) Assert.Equal("cpu", engine.Name);
        Assert.EndsWith($"({why})", Assert.Single(lines));
    }

    private sealed class FakeCudaEngine : IEngine
    {
        public string Name => "cuda";
        public string Device => "Fake GPU";
        public int PreferredCohortSize => 132;
        public IEngineData Load(DataSplits data) => throw new NotSupportedException("the fake engine holds no data");
        public ICohort CreateCohort(IEngineData data, IReadOnlyList<TrainConfig> members) => throw new NotSupportedException("the fake engine trains nothing");
        public void Dispose() { }
    }
}
