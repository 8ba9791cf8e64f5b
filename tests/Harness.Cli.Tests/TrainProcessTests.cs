using System.Diagnostics;
using Harness.Data;

namespace Harness.Cli.Tests;

/// <summary>`train` as a child process (the real entry point, real signals) and one tiny run on real MNIST.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class TrainProcessTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Ctrl_C_or_sigterm_stops_training_promptly_with_exit_130_and_saves_nothing(string signal)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Skip("sends the signal with kill(1)");
        using var dir = new TempDir();
        var model = dir.File("never.model");
        // Many epochs on a few thousand points: minutes of work unless the signal stops it.
        var psi = CliProcess.StartInfo("train", "--dataset", "spirals", "--samples", "20000",
            "--hidden", "64,64", "--batch-size", "1", "--epochs", "1000", "--early-stop", "false", "--threads", "1", "--out", model);
        using var child = Process.Start(psi)!;
        var stdout = new System.Text.StringBuilder();
        var firstLine = new TaskCompletionSource();
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stdout) stdout.AppendLine(e.Data);
            if (e.Data.TrimStart().StartsWith("epoch", StringComparison.Ordinal)) firstLine.TrySetResult();
        };
        child.BeginOutputReadLine();
        var errTask = child.StandardError.ReadToEndAsync(cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            await firstLine.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken: TestContext.Current.CancellationToken);
            await Task.Delay(300, cancellationToken: TestContext.Current.CancellationToken); // inside the first epoch
            var signalSent = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", [$"-{signal}", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync(cancellationToken: TestContext.Current.CancellationToken);
            await child.WaitForExitAsync(cancellationToken: TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(15), cancellationToken: TestContext.Current.CancellationToken);
            var err = await errTask;
            string output;
            lock (stdout) output = stdout.ToString();

            Assert.Equal(CliRunner.ExitInterrupted, child.ExitCode);
            Assert.True(signalSent.Elapsed < TimeSpan.FromSeconds(10), $"took {signalSent.Elapsed} to stop");
            Assert.Contains("interrupted after", output);
            Assert.Contains("no model saved", output);
            Assert.False(File.Exists(model));
            Assert.DoesNotContain("Unhandled", err);
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void Tiny_mnist_run_with_limits_trains_and_saves()
    {
        var dataDir = RepoPaths.MnistDir();
        if (!File.Exists(Path.Combine(dataDir, "train-images-idx3-ubyte.gz")) && !File.Exists(Path.Combine(dataDir, "train-images-idx3-ubyte")))
            Assert.Skip($"MNIST not present in {dataDir} (run setup to fetch it)");
        using var dir = new TempDir();
        var model = dir.File("mnist.model");
        var (exit, output, err) = CliHarness.Run("train", "--train-limit", "2000", "--validation-limit", "500", "--test-limit", "500",
            "--epochs", "2", "--out", model);

        Assert.Equal("", err);
        Assert.Equal(CliRunner.ExitOk, exit);
        Assert.Contains("layers             [784,100,10]", output); // the MNIST defaults
        Assert.Contains("splits             train 2000, validation 500, test 500", output);
        var line = output.Split('\n').Single(l => l.StartsWith("test accuracy", StringComparison.Ordinal));
        var acc = double.Parse(line.Split(' ')[2].TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(acc, 75, 100); // 2 epochs on 2000 images of a [784,100,10] ReLU net
        Assert.True(File.Exists(model));
    }
}
