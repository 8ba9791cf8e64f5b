using Harness.Cli.Commands;
using Harness.Cli.Sweeping;

namespace Harness.Cli.Tests;

/// <summary>Header lines of `harness sweep` wrapped to the terminal width (interactive) or written whole (redirected).</summary>
public sealed class TerminalFitTests
{
    private const string Plan =
        "plan: grid over learning_rate [0.01,0.003], activation [\"tanh\",\"relu\"], batch_size [8,16], width [16,32,64]: " +
        "24 configurations x 2 seed(s) (base seed 1 + repeat) = 48 trials, pruner none";

    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(120)]
    public void Wrap_breaks_at_spaces_into_indented_lines_that_fit_and_lose_nothing(int width)
    {
        var lines = TerminalFit.Wrap(Plan, width);
        Assert.True(lines.Count > 1);
        Assert.All(lines, l => Assert.True(l.Length < width, $"{l.Length} columns on {width}: {l}"));
        Assert.StartsWith("plan: grid", lines[0]);
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^  \S", l));
        Assert.Equal(Plan, string.Join(' ', lines.Select(l => l.Trim())));
    }

    [Fact]
    public void Wrap_keeps_a_short_line_whole_and_cuts_only_a_word_longer_than_a_line()
    {
        Assert.Equal(["data: 1000 train"], TerminalFit.Wrap("data: 1000 train", 80));
        var lines = TerminalFit.Wrap("store " + new string('x', 100) + " end", 60);
        Assert.Equal(["store", "  " + new string('x', 56) + "…", "  end"], lines);
        // Narrower than the minimum: laid out for the minimum width, as the live display is.
        Assert.All(TerminalFit.Wrap(Plan, 20), l => Assert.True(l.Length < TerminalFit.MinimumWidth));
    }

    [Fact]
    public void Redirected_output_gets_each_line_whole_and_a_terminal_gets_it_wrapped()
    {
        var redirected = new StringWriter();
        SweepCommand.Say(interactive: false, redirected)(Plan);
        Assert.Equal(Plan + Environment.NewLine, redirected.ToString());
        var terminal = new StringWriter();
        SweepCommand.Say(interactive: true, terminal)(Plan);
        Assert.True(terminal.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length > 1);
    }
}
