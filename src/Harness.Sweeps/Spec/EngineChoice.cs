using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>
/// The one place an engine is chosen: <c>auto</c>, <c>cpu</c> or <c>cuda</c> becomes the <see cref="IEngine"/>
/// that trains. Only the CPU engine is built in so far.
/// </summary>
public static class EngineChoice
{
    public static readonly IReadOnlyList<string> Names = ["auto", "cpu", "cuda"];

    /// <summary>
    /// Checks <paramref name="requested"/> without creating anything: <see cref="InvalidDataException"/> for
    /// <c>cuda</c> (this build has no CUDA engine) or an unknown name.
    /// </summary>
    public static void Check(string requested)
    {
        switch (requested)
        {
            case "cpu" or "auto": return;
            case "cuda": throw new InvalidDataException("engine 'cuda': the CUDA engine is not available in this build; use auto or cpu");
            default: throw new InvalidDataException($"engine '{requested}' is not known; allowed: {string.Join(", ", Names)}");
        }
    }

    /// <summary>
    /// The engine for <paramref name="requested"/>, telling <paramref name="log"/> which one it is: auto -> cpu
    /// (no CUDA engine is built in), cpu -> cpu; cuda and unknown names throw as <see cref="Check"/> does.
    /// </summary>
    public static IEngine Resolve(string requested, Action<string>? log = null)
    {
        Check(requested);
        var engine = new CpuEngine();
        log?.Invoke(requested == "auto"
            ? $"engine: auto -> cpu, {engine.Device} (no CUDA engine is built into this harness)"
            : $"engine: cpu, {engine.Device}");
        return engine;
    }
}
