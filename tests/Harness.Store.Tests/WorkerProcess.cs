using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Harness.Store.Tests;

/// <summary>
/// A running Harness.Store.Worker child (built alongside this project, started with `dotnet worker.dll`).
/// Its stdout lines are queued as they arrive; stderr is kept for failure messages.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(45);
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly List<string> _seen = [];
    private readonly StringBuilder _stderr = new();

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Lines read so far (by <see cref="WaitForLine"/> and <see cref="WaitForSuccess"/>).</summary>
    public IReadOnlyList<string> Lines => _seen;

    /// <summary>
    /// The worker sits next to this test project: tests/Harness.Store.Worker/bin/CONFIG/TFM/ mirrors
    /// tests/Harness.Store.Tests/bin/CONFIG/TFM/.
    /// </summary>
    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var marker = $"{Path.DirectorySeparatorChar}Harness.Store.Tests{Path.DirectorySeparatorChar}";
        var at = here.LastIndexOf(marker, StringComparison.Ordinal);
        var candidate = at < 0 ? "" : Path.Combine(
            here[..at] + $"{Path.DirectorySeparatorChar}Harness.Store.Worker{Path.DirectorySeparatorChar}" + here[(at + marker.Length)..],
            "Harness.Store.Worker.dll");
        if (!File.Exists(candidate))
            throw new FileNotFoundException(
                $"Harness.Store.Worker.dll not found (looked for '{candidate}' from '{here}'); " +
                "it is built by the ProjectReference in Harness.Store.Tests.csproj", candidate);
        return candidate;
    }

    public static WorkerProcess Start(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) worker._lines.CompleteAdding();
            else worker._lines.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (worker._stderr) worker._stderr.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Reads lines until one matches; fails with the worker's output if it ends or times out first.</summary>
    public string WaitForLine(Func<string, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out var line, left))
                throw new TimeoutException($"worker {Id} produced no matching line. {Describe()}");
            _seen.Add(line);
            if (match(line)) return line;
        }
    }

    /// <summary>Waits for exit, asserts exit code 0, and returns every stdout line.</summary>
    public IReadOnlyList<string> WaitForSuccess(TimeSpan? timeout = null)
    {
        if (!_process.WaitForExit(timeout ?? DefaultWait))
        {
            Kill();
            throw new TimeoutException($"worker {Id} did not exit in time. {Describe()}");
        }
        _process.WaitForExit(); // drains the redirected streams
        while (_lines.TryTake(out var line)) _seen.Add(line);
        if (_process.ExitCode != 0) throw new InvalidOperationException($"worker {Id} exited with {_process.ExitCode}. {Describe()}");
        return _seen;
    }

    /// <summary>True once the worker has exited; waits at most <paramref name="wait"/>.</summary>
    public bool WaitForExitOrTimeout(TimeSpan wait) => _process.WaitForExit(wait);

    /// <summary>SIGKILL (no cleanup runs in the child), then reaps it.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    private string Describe()
    {
        lock (_stderr) return $"stdout: [{string.Join(" | ", _seen)}] stderr: {_stderr}";
    }

    public void Dispose()
    {
        try { Kill(); }
        catch (InvalidOperationException) { /* never started or already gone */ }
        _process.Dispose();
    }
}
