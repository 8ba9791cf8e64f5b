namespace Harness.Sweeps;

/// <summary>Which engine trains: <c>auto</c>, <c>cpu</c> or <c>cuda</c>. Only the CPU engine is built in.</summary>
public static class EngineChoice
{
    public static readonly IReadOnlyList<string> Names = ["auto", "cpu", "cuda"];

    /// <summary>
    /// The engine to use for <paramref name="requested"/>: auto -> cpu (telling <paramref name="log"/> that no CUDA
    /// engine is built in), cpu -> cpu; cuda throws <see cref="InvalidDataException"/> because this build has none.
    /// </summary>
    public static string Resolve(string requested, Action<string>? log = null)
    {
        switch (requested)
        {
            case "cpu": return "cpu";
            case "auto":
                log?.Invoke("engine: auto -> cpu (no CUDA engine is built into this harness)");
                return "cpu";
            case "cuda":
                throw new InvalidDataException("engine 'cuda': the CUDA engine is not available in this build; use auto or cpu");
            default:
                throw new InvalidDataException($"engine '{requested}' is not known; allowed: {string.Join(", ", Names)}");
        }
    }
}
