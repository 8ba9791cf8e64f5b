using Harness.Cli.Usage;

namespace Harness.Cli.Tests;

/// <summary>Command lines that do not parse: a short usage on standard error and exit 2, never the whole help; help ends with examples.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class UsageErrorTests
{
    private static void AssertShortUsage(string err, string usage, string help)
    {
        Assert.Contains($"usage: {usage}", err);
        Assert.Contains($"see `{help} --help`", err);
        Assert.DoesNotContain("Options:", err);
        Assert.DoesNotContain("Description:", err);
    }

    [Fact]
    public void An_unknown_command_exits_2_with_the_command_list_and_a_nearest_name()
    {
        var (exit, output, err) = CliHarness.Run("delet", "x");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Equal("", output);
        Assert.Contains("error: Unrecognized command or argument 'delet' (did you mean 'delete'?)", err);
        Assert.DoesNotContain("Required command was not provided", err);
        AssertShortUsage(err, "harness <command> [options]; commands: data, train", "harness");
    }

    [Fact]
    public void An_unknown_option_exits_2_with_the_command_usage_and_a_nearest_option()
    {
        var (exit, output, err) = CliHarness.Run("show", "quick", "--vesion", "2");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Equal("", output);
        Assert.Contains("'--vesion' (did you mean '--version'?)", err);
        AssertShortUsage(err, "harness show <experiment> [options]", "harness show");
    }

    [Fact]
    public void A_missing_argument_exits_2_with_the_command_usage()
    {
        var (exit, _, err) = CliHarness.Run("rename", "alpha");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("Required argument missing", err);
        AssertShortUsage(err, "harness rename <experiment> <new-name> [options]", "harness rename");

        (exit, _, err) = CliHarness.Run("data", "fetch", "--bogus");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        AssertShortUsage(err, "harness data fetch [options]", "harness data fetch");
    }

    [Fact]
    public void An_option_value_of_the_wrong_type_is_named_in_words_not_dotnet_types()
    {
        var (exit, _, err) = CliHarness.Run("export", "quick", "--trial", "q");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("error: --trial: 'q' is not allowed; expected an integer", err);
        Assert.DoesNotContain("System.", err);
        AssertShortUsage(err, "harness export <experiment> [options]", "harness export");
    }

    [Fact]
    public void Every_command_has_an_example_in_its_help()
    {
        var root = new System.CommandLine.RootCommand("test");
        foreach (var c in CommandRegistry.All()) root.Subcommands.Add(c);
        var paths = new List<string[]> { Array.Empty<string>() };
        foreach (var c in root.Subcommands)
        {
            paths.Add([c.Name]);
            paths.AddRange(c.Subcommands.Select(s => new[] { c.Name, s.Name }));
        }
        foreach (var path in paths)
        {
            var (exit, output, _) = CliHarness.Run([.. path, "--help"]);
            Assert.Equal(CliRunner.ExitOk, exit);
            var examples = output[(output.IndexOf("Examples:", StringComparison.Ordinal) + 1)..];
            Assert.True(output.Contains("Examples:", StringComparison.Ordinal), $"`harness {string.Join(' ', path)} --help` has no example");
            Assert.Contains($"  harness {string.Join(' ', path)}".TrimEnd(), examples);
        }
        Assert.Empty(CommandExamples.For("no-such-command"));
    }
}
