using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Sweeps;

/// <summary>
/// The one place an engine is chosen: <c>auto</c>, <c>cpu</c> or <c>cuda</c> becomes the <see cref="IEngine"/>
/// that trains. <c>cuda</c> needs a usable device (driver, GPU, NVRTC, kernels that load) and is refused with
/// "no usable CUDA: &lt;why&gt;" otherwise, and refuses (at the cohort) what the CUDA engine cannot train; <c>auto</c> takes
/// the CPU when CUDA is not usable, and else a <see cref="RoutingEngine"/>: CUDA for what it trains, the CPU for the rest.
/// </summary>
public static class EngineChoice
{
    public static readonly IReadOnlyList<string> Names = ["auto", "cpu", "cuda"];

    /// <summary>
    /// Checks <paramref name="requested"/> before anything opens: <see cref="InvalidDataException"/> for an unknown
    /// name, or for <c>cuda</c> when no device is usable (a quick probe: NVRTC and a device; kernels load in Resolve).
    /// </summary>
    public static void Check(string requested) => Check(requested, CudaEngine.Unavailable, Environment.GetEnvironmentVariable);

    /// <summary>
    /// The engine for <paramref name="requested"/>, telling <paramref name="log"/> which one it is and, for auto
    /// without a usable device, why not CUDA. cuda without one and unknown names throw <see cref="InvalidDataException"/>.
    /// auto with a usable device is a <see cref="RoutingEngine"/> over it: cohorts the CUDA engine refuses train on the
    /// CPU (<see cref="RoutingEngine.Route"/> says which go where, for the caller to tell and store).
    /// </summary>
    public static IEngine Resolve(string requested, Action<string>? log = null) => Resolve(requested, log, CreateCuda);

    /// <summary>
    /// <see cref="Check(string)"/> with the probe given (it returns why CUDA is unusable, or null) and the environment
    /// the CUDA engine's settings are read from: where CUDA will train (cuda, or auto with a usable device), a refused
    /// setting (<see cref="EngineSettings.Refusals"/>) is an <see cref="InvalidDataException"/> before anything opens.
    /// </summary>
    internal static void Check(string requested, Func<string?> cudaUnavailable, Func<string, string?>? environment = null)
    {
        switch (requested)
        {
            case "cpu": return;
            case "auto": // probes the device only when a setting is refused (the probe makes a context)
                if (environment is not null && EngineSettings.Refusals(environment).Count > 0 && cudaUnavailable() is null)
                    CheckSettings(environment);
                return;
            case "cuda":
                if (cudaUnavailable() is { } why) throw new InvalidDataException($"engine 'cuda': {why}");
                if (environment is not null) CheckSettings(environment);
                return;
            default: throw new InvalidDataException($"engine '{requested}' is not known; allowed: {string.Join(", ", Names)}");
        }
    }

    /// <summary><see cref="Resolve(string, Action{string}?)"/> with the CUDA factory given: an engine, or null and why not.</summary>
    internal static IEngine Resolve(string requested, Action<string>? log, Func<(IEngine? Engine, string Why)> cuda)
    {
        Check(requested, () => null);
        if (requested == "cpu")
        {
            var cpu = new CpuEngine();
            log?.Invoke($"engine: cpu, {cpu.Device}");
            return cpu;
        }
        var (engine, why) = cuda();
        if (engine is not null)
        {
            log?.Invoke($"engine: {(requested == "auto" ? "auto -> cuda" : "cuda")}, {engine.Device}");
            return requested == "auto" ? new RoutingEngine(engine) : engine;
        }
        if (requested == "cuda") throw new InvalidDataException($"engine 'cuda': {why}");
        var fallback = new CpuEngine();
        log?.Invoke($"engine: auto -> cpu, {fallback.Device} ({why})");
        return fallback;
    }

    private static void CheckSettings(Func<string, string?> environment)
    {
        if (EngineSettings.Refusals(environment) is { Count: > 0 } refused)
            throw new InvalidDataException($"the CUDA engine's settings: {string.Join("; ", refused)}");
    }

    private static (IEngine? Engine, string Why) CreateCuda() =>
        CudaEngine.TryCreate(out var engine, out var why) ? (engine, "") : (null, why);
}
