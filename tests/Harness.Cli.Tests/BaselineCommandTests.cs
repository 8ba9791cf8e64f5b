namespace Harness.Cli.Tests;

[Collection(nameof(ConsoleCollection))]
public sealed class BaselineCommandTests
{
    [Theory]
    [InlineData("--train-limit", "0", "dataset.train_limit (--train-limit): 0 must be a positive number of examples")]
    [InlineData("--dataset", "cifar", "dataset.name (--dataset): 'cifar' is not a known dataset")]
    [InlineData("--trainers", "svm", "--trainers: 'svm' is not a baseline trainer; allowed: sdca_maxent, lbfgs_maxent, lightgbm")]
    public void Bad_input_exits_2_naming_the_option_and_creates_no_store(string option, string value, string expected)
    {
        using var dir = new TempDir();
        var db = dir.File("s.db");
        var (exit, _, err) = CliHarness.Run("baseline", option, value, "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains(expected, err);
        Assert.False(File.Exists(db));
    }
}
