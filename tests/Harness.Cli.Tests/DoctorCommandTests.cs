namespace Harness.Cli.Tests;

/// <summary>`harness doctor` as a process: the CUDA engine's settings are listed last, and a refused one exits 2.</summary>
public sealed class DoctorCommandTests
{
    [Fact]
    public void The_engine_settings_are_listed_last_and_a_refused_value_exits_2_naming_it()
    {
        using var dir = new TempDir();
        var (exit, output) = Doctor(dir, ("HARNESS_CUDA_PATH", "cublas"), ("HARNESS_CUDA_TF32", "1"));
        Assert.Equal(2, exit);
        Assert.Contains("HARNESS_CUDA_PATH:   'cublas': refused. HARNESS_CUDA_PATH: 'cublas' is not a path; allowed: auto, fused, wide", output);
        Assert.Contains("HARNESS_CUDA_TF32:   '1': the wide path's GEMMs use TF32 tensor cores", output);
        Assert.Contains("HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER: unset: as many blocks per member as its work is worth", output);
    }

    [Fact]
    public void Unset_settings_say_what_the_engine_does_by_default_and_doctor_stays_informational()
    {
        using var dir = new TempDir();
        var (exit, output) = Doctor(dir, ("HARNESS_CUDA_PATH", ""), ("HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER", "1"));
        Assert.True(exit is 0 or 1, output); // 1 only where a present GPU or NVRTC is broken
        Assert.Contains("HARNESS_CUDA_PATH:   unset: plain MLPs with a hidden layer of >= 256 units and batch >= 32", output);
        Assert.Contains("HARNESS_CUDA_TF32:   unset: fp32 GEMMs", output);
        Assert.Contains("HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER: '1': every member trains in one block", output);
    }

    [Fact]
    public void Help_names_every_setting_doctor_lists()
    {
        using var dir = new TempDir();
        var (_, output) = Doctor(dir);
        var listed = output.Split('\n').Select(l => l.Split(':')[0].Trim()).Where(n => n.StartsWith("HARNESS_CUDA_", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, listed.Count);
        var (_, help) = CliProcess.Run(TimeSpan.FromSeconds(60), "doctor", "--help");
        var text = string.Join(" ", help.Split('\n').Select(l => l.Trim()));
        Assert.All(listed, n => Assert.Contains(n, text));
    }

    private static (int Exit, string Output) Doctor(TempDir dir, params (string Name, string Value)[] environment)
    {
        var psi = CliProcess.StartInfo("doctor", "--kernel-cache", dir.Path);
        foreach (var name in new[] { "HARNESS_CUDA_PATH", "HARNESS_CUDA_TF32", "HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER" }) psi.Environment.Remove(name);
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "doctor did not finish within 2 minutes");
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
