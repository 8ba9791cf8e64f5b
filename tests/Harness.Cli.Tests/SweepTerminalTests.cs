using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Harness.Cli.Tests;

/// <summary>
/// `harness sweep`'s live progress on a real pseudo-terminal: the built CLI runs in a detached tmux session of a
/// given width (CI unset, so the live display is on) and its screen is captured many times while the sweep runs.
/// Wrapped rows are joined back (capture-pane -J), so a line wider than the terminal shows as one long line, and a
/// redraw over the wrong rows shows as a line that is none of the display's own lines.
/// </summary>
public sealed partial class SweepTerminalTests
{
    [GeneratedRegex(@"^(trial \d+ \w+: val acc | *trial \d+( epoch \d+)?: |pty v1: \d+/\d+ done|pty v1: \d+ trials \()")]
    private static partial Regex KnownLine();

    [GeneratedRegex(@"\d+/\d+ done")]
    private static partial Regex SweepBar();

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(160)]
    public async Task Live_progress_fits_the_terminal_width_without_fragments(int width)
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("needs tmux, which Windows does not have");
        if (!Has("tmux")) Assert.Skip("tmux is not installed (Debian package tmux); it provides the pseudo-terminal");
        using var dir = new TempDir();
        var file = dir.File("pty.json");
        // Long parameter values so every description is wider than the terminal, and many dimensions (one value each
        // but the learning rate) so the plan line before the display is wider than 160 columns; trials of about a
        // second each, two at once, so the display holds the sweep bar and two trial bars for several captures.
        await File.WriteAllTextAsync(file, """
            {
              "name": "pty",
              "dataset": { "name": "spirals", "samples": 2000 },
              "base": { "hidden": [16], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.01,
                        "batch_size": 8, "epochs": 60, "threads": 1 },
              "repeats": 2,
              "search": { "space": { "learning_rate": [0.0100000000001, 0.0030000000002, 0.0020000000003],
                                     "activation": ["tanh"], "optimizer": ["adam"], "batch_size": [8], "dropout": [0.0],
                                     "l2": [0.0], "momentum": [0.9], "width": [16], "depth": [1] } }
            }
            """, TestContext.Current.CancellationToken);
        var socket = dir.File("tmux.sock");
        var dll = Path.Combine(AppContext.BaseDirectory, "harness.dll");
        var command = $"env -u CI dotnet '{dll}' sweep '{file}' --db '{dir.File("h.db")}' --parallel 2; echo EXITED $?; sleep 60";
        Tmux(socket, "new-session", "-d", "-s", "pty", "-x", width.ToString(), "-y", "50", command);
        var screens = new List<string[]>();
        try
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromMinutes(3))
            {
                await Task.Delay(150, TestContext.Current.CancellationToken);
                var screen = Tmux(socket, "capture-pane", "-p", "-J", "-t", "pty", "-S", "-")
                    .Split('\n').Select(l => l.TrimEnd()).ToArray();
                screens.Add(screen);
                if (screen.Any(l => l.StartsWith("EXITED", StringComparison.Ordinal))) break;
            }
        }
        finally { Tmux(socket, "kill-server"); }

        var last = screens[^1];
        Assert.Contains("EXITED 0", last);
        Assert.Contains(screens, s => s.Any(l => SweepBar().IsMatch(l))); // the live display was on screen at least once
        // The header lines (experiment, plan, data, engine, cohorts) came out wrapped onto indented lines, whole.
        var plan = last.SkipWhile(l => !l.StartsWith("plan: grid over", StringComparison.Ordinal))
            .TakeWhile(l => l.StartsWith("plan:", StringComparison.Ordinal) || l.StartsWith("  ", StringComparison.Ordinal) && !KnownLine().IsMatch(l))
            .ToList();
        Assert.True(plan.Count > 1, string.Join('\n', last));
        var whole = string.Join(' ', plan.Select(l => l.Trim()));
        Assert.Contains("learning_rate [0.0100000000001,0.0030000000002,0.0020000000003], momentum [0.9]", whole);
        Assert.EndsWith("= 6 trials, pruner none", whole);
        foreach (var screen in screens)
        {
            // Every line on screen fits, the header lines before the display among them (joined, a wrapped line is long).
            foreach (var line in screen)
                Assert.True(line.Length < width, $"line of {line.Length} columns on a {width}-column terminal: {line}\n{string.Join('\n', screen)}");
            // From the first line the display writes (after the cohorts line and its continuation lines, if any).
            var live = screen.SkipWhile(l => !l.StartsWith("cohorts:", StringComparison.Ordinal)).Skip(1)
                .SkipWhile(l => l.StartsWith("  ", StringComparison.Ordinal) && !KnownLine().IsMatch(l))
                .Where(l => l.Length > 0 && !l.StartsWith("EXITED", StringComparison.Ordinal));
            foreach (var line in live)
                Assert.True(KnownLine().IsMatch(line), $"fragment of a wrapped or overdrawn line: '{line}'\n{string.Join('\n', screen)}");
        }
        Assert.Equal(6, last.Count(l => Regex.IsMatch(l, @"^trial \d+ complete")));
    }

    private static bool Has(string tool)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(tool, "-V") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    private static string Tmux(string socket, params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-S");
        psi.ArgumentList.Add(socket);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("CI");
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }
}
