using Harness.Data;

namespace Harness.Cli.Tests;

[Collection(nameof(ConsoleCollection))]
public sealed class PerceptronCommandTests
{
    private static (int Exit, string Out, string Err) Cli(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void Xor_table_does_not_converge()
    {
        var (exit, output, err) = Cli("perceptron", "--dataset", "xor", "--epochs", "25");
        Assert.Equal(CliRunner.ExitOk, exit);
        Assert.Equal("", err);
        Assert.Contains("perceptron on xor: 4 train", output);
        Assert.Contains("did not converge in 25 epochs", output);
        // one line per epoch
        Assert.Equal(25, output.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d+\s+\d+\s+[\d.]+%")));
        Assert.Contains("train accuracy", output);
    }

    [Fact]
    public void Noisy_moons_print_per_epoch_mistakes_and_accuracies()
    {
        var (exit, output, _) = Cli("perceptron", "--dataset", "moons", "--samples", "400", "--noise", "0.1",
            "--epochs", "15", "--seed", "3", "--lr", "0.5", "--sign");
        Assert.Equal(CliRunner.ExitOk, exit);
        Assert.Contains("perceptron on moons: 240 train, 80 validation, 80 test", output);
        Assert.Contains("learning rate 0.5, max epochs 15, seed 3, sign output", output);
        // two interleaved moons are not linearly separable, but a line gets most of them (~85%)
        var line = output.Split('\n').Single(l => l.StartsWith("train accuracy"));
        var test = double.Parse(line[(line.LastIndexOf(' ') + 1)..].TrimEnd('%', '\r'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(test, 70, 100);
    }

    [Fact]
    public void Same_seed_prints_the_same_run()
    {
        static string Strip(string s) => string.Join('\n', s.Split('\n').Where(l => !l.Contains(" s)")));
        var a = Cli("perceptron", "--dataset", "xor", "--samples", "200", "--epochs", "5", "--seed", "4");
        var b = Cli("perceptron", "--dataset", "xor", "--samples", "200", "--epochs", "5", "--seed", "4");
        Assert.Equal(Strip(a.Out), Strip(b.Out));
    }

    [Theory]
    [InlineData("--dataset", "nope", "dataset.name (--dataset): 'nope' is not a known dataset")]
    [InlineData("--train-limit", "0", "dataset.train_limit (--train-limit): 0 must be a positive number of examples")]
    [InlineData("--epochs", "0", "--epochs")]
    [InlineData("--lr", "-1", "--lr")]
    [InlineData("--dataset", "function", "no class labels")]
    public void Bad_input_is_exit_2_with_a_message(string option, string value, string expected)
    {
        var (exit, _, err) = Cli("perceptron", option, value);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.StartsWith("error:", err);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void Mnist_one_vs_rest_reaches_about_85_percent()
    {
        var dir = RepoPaths.MnistDir();
        if (!File.Exists(Path.Combine(dir, "train-images-idx3-ubyte.gz")) && !File.Exists(Path.Combine(dir, "train-images-idx3-ubyte")))
            Assert.Skip($"MNIST not present in {dir} (run setup to fetch it)");
        var (exit, output, _) = Cli("perceptron", "--train-limit", "10000", "--epochs", "5");
        Assert.Equal(CliRunner.ExitOk, exit);
        Assert.Contains("10 one-vs-rest units", output);
        var line = output.Split('\n').Single(l => l.StartsWith("train accuracy"));
        var test = double.Parse(line[(line.LastIndexOf(' ') + 1)..].TrimEnd('%', '\r'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(test, 80, 95);
    }
}
