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

    [Theory]
    [InlineData("io")]
    [InlineData("denied")]
    public void A_file_the_run_cannot_write_is_one_line_and_exit_1_not_a_stack_trace(string kind)
    {
        Exception ex = kind == "io" ? new IOException("Is a directory : '/x/out.csv'") : new UnauthorizedAccessException("Access to the path '/x/out.csv' is denied.");
        var (exit, err) = Run(ex);
        Assert.Equal(CliRunner.ExitFailed, exit);
        Assert.Equal($"error: {ex.Message}", err.Trim());
    }

    [Fact]
    public void A_missing_file_stays_bad_input()
    {
        var (exit, err) = Run(new FileNotFoundException("experiment file 'x.json' does not exist"));
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Equal("error: experiment file 'x.json' does not exist", err.Trim());
    }
}
