namespace Harness.Cli.Usage;

/// <summary>
/// "Are you sure?" for commands that change the store: --yes skips it; otherwise the question is asked on the
/// terminal and only "y" or "yes" goes ahead. Without a terminal to ask on (standard input redirected) and without
/// --yes the command is refused as bad input, so a script never deletes by accident.
/// </summary>
internal static class Confirmation
{
    /// <summary>True to go ahead; false when the user answered anything but yes. Throws when nobody can be asked.</summary>
    public static bool Ask(string question, bool yes, bool interactive, TextReader input, TextWriter output, string command)
    {
        if (yes) return true;
        if (!interactive)
            throw new UserInputException($"{command}: standard input is not a terminal, so nobody can confirm; pass --yes to {command} without asking");
        output.Write($"{question} [y/N] ");
        output.Flush();
        var answer = input.ReadLine()?.Trim().ToLowerInvariant();
        return answer is "y" or "yes";
    }

    /// <summary>The console's answer channel: interactive when standard input is not redirected.</summary>
    public static bool Ask(string question, bool yes, string command) =>
        Ask(question, yes, !Console.IsInputRedirected, Console.In, Console.Out, command);
}
