using System.CommandLine;

namespace Harness.Cli.Tests;

[Collection(nameof(ConsoleCollection))]
public sealed class CliRunnerTests
{
    private static (int Exit, string Err) Run(Exception toThrow)
    {
        var root = new RootCommand("test");
        var cmd = new Command("boom");
        cmd.SetAction((Func<ParseResult, int>)(_ => throw toThrow));
        root.Subcommands.Add(cmd);
        var old = Console.Error;
        var err = new StringWriter();
        Console.SetError(err);
        try { return (CliRunner.Run(root, ["boom"]), err.ToString()); }
        finally { Console.SetError(old); }
    }

    [Fact]
    public void Argument_errors_print_one_sentence_without_the_parameter_suffix_and_exit_2()
    {
        var (exit, err) = Run(new ArgumentException("unknown metric 'x'; allowed: test_acc", "name"));
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Equal("error: unknown metric 'x'; allowed: test_acc", err.Trim());
    }

    [Fact]
    public void An_unusable_data_folder_is_bad_input()
    {
        var (exit, err) = Run(new Harness.Data.MnistFolderException("MNIST data folder '/x' cannot be created", new IOException("denied")));
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("'/x' cannot be created", err);
    }
}
