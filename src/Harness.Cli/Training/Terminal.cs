using Spectre.Console;

namespace Harness.Cli.Training;

/// <summary>Whether rich (Spectre.Console) output can be used: only when writing to a real interactive terminal.</summary>
internal static class Terminal
{
    /// <summary>
    /// True when <paramref name="writer"/> is the process's console, stdout is not redirected and Spectre reports an
    /// interactive terminal. Spectre renders nothing when output is redirected or CI=true, so callers print plain text then.
    /// </summary>
    public static bool IsInteractive(TextWriter writer) =>
        ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
}
