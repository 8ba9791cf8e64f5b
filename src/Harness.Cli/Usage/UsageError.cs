using System.CommandLine;
using Harness.Sweeps;

namespace Harness.Cli.Usage;

/// <summary>
/// A command line that does not parse (unknown command or option, missing argument): the problems, a nearest-name
/// hint for a typo, the command's one-line usage and where the full help is, on standard error; never the whole help.
/// </summary>
internal static class UsageError
{
    public static void Write(TextWriter w, ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var messages = parse.Errors.Select(e => Plain(e.Message.TrimEnd('.'))).Distinct().ToList();
        // "harness delet x": the unknown word is the news, not that no command was given.
        if (parse.UnmatchedTokens.Count > 0) messages.RemoveAll(m => m.StartsWith("Required command was not provided", StringComparison.Ordinal));
        foreach (var message in messages)
            w.WriteLine($"error: {message}{Hint(message, parse, command)}");
        var path = CommandPath(command);
        w.WriteLine($"usage: {UsageLine(command)}");
        w.WriteLine($"see `{path} --help`");
    }

    /// <summary>"harness show &lt;experiment&gt; [options]"; for the root, "harness &lt;command&gt; [options]" and the command names.</summary>
    public static string UsageLine(Command command)
    {
        if (command.Parents.FirstOrDefault() is null)
            return $"{CommandPath(command)} <command> [options]; commands: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";
        var parts = new List<string> { CommandPath(command) };
        if (command.Subcommands.Count > 0) parts.Add("<command>");
        parts.AddRange(command.Arguments.Where(a => !a.Hidden).Select(a => a.Arity.MinimumNumberOfValues == 0 ? $"[<{a.Name}>]" : $"<{a.Name}>"));
        parts.Add("[options]");
        return string.Join(" ", parts);
    }

    /// <summary>"harness data fetch": the program name and the command's names from the root down.</summary>
    public static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
            names.Insert(0, c.Parents.FirstOrDefault() is null ? "harness" : c.Name);
        return string.Join(" ", names);
    }

    private static readonly System.Text.RegularExpressions.Regex CannotParse =
        new(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'$");

    /// <summary>"Cannot parse argument 'abc' for option '--epochs' as expected type 'System.Int32'" in the user's words.</summary>
    internal static string Plain(string message)
    {
        var m = CannotParse.Match(message);
        if (!m.Success) return message;
        var type = m.Groups["type"].Value;
        var expected = type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) ? "an integer"
            : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) ? "a number"
            : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
            : "a value of another kind";
        return $"{m.Groups["option"].Value}: '{m.Groups["value"].Value}' is not allowed; expected {expected}";
    }

    /// <summary>For "Unrecognized command or argument 'x'": the nearest subcommand or option of the command.</summary>
    private static string Hint(string message, ParseResult parse, Command command)
    {
        var token = parse.UnmatchedTokens.FirstOrDefault(t => message.Contains($"'{t}'", StringComparison.Ordinal));
        if (token is null) return "";
        var candidates = token.StartsWith('-')
            ? command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)))
                .SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal))
            : command.Subcommands.Select(c => c.Name);
        return NearestName.Hint(token, candidates.Distinct());
    }
}
