using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Harness.Cli.Usage;

/// <summary>`--help`: the standard help, then the command's examples (<see cref="CommandExamples"/>).</summary>
internal sealed class ExampleHelpAction(HelpAction standard) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        int result = standard.Invoke(parseResult);
        var path = UsageError.CommandPath(parseResult.CommandResult.Command);
        var key = path == "harness" ? path : path["harness ".Length..];
        var examples = CommandExamples.For(key);
        if (examples.Count == 0) return result;
        Console.Out.WriteLine("Examples:");
        foreach (var line in examples) Console.Out.WriteLine($"  {line}");
        Console.Out.WriteLine();
        return result;
    }

    /// <summary>Puts this action on the root's help option (which every command inherits).</summary>
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options)
            if (option is HelpOption { Action: HelpAction standard } help)
                help.Action = new ExampleHelpAction(standard);
    }
}
