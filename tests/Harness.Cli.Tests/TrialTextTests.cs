using Harness.Cli.Sweeping;
using Harness.Store;

namespace Harness.Cli.Tests;

/// <summary>How trials' parameters read in `show`, `best` and the sweep progress lines.</summary>
public sealed class TrialTextTests
{
    [Fact]
    public void Fractional_values_read_to_four_significant_figures_and_others_unchanged()
    {
        var t = new TrialRecord
        {
            Experiment = "x",
            Key = "k",
            ConfigJson = "{}",
            Seed = 3,
            Params = new()
            {
                ["dropout"] = "0.012438000185619108",
                ["learning_rate"] = "0.1",
                ["width"] = "100",
                ["hidden"] = "[30,30]",
                ["activation"] = "\"tanh\"",
                ["decay"] = "1.5E-05"
            },
        };
        Assert.Equal("activation=\"tanh\" decay=1.5E-05 dropout=0.01244 hidden=[30,30] learning_rate=0.1 width=100 seed=3",
            TrialText.Params(t));
        Assert.Equal("123.5", TrialText.Value("123.456789"));
        Assert.Equal("nan", TrialText.Value("nan"));
    }
}
