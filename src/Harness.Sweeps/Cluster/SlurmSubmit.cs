using System.ComponentModel;
using System.Diagnostics;

namespace Harness.Sweeps.Cluster;

/// <summary>Submits an sbatch script with <c>sbatch --parsable</c> and returns the job id.</summary>
public static class SlurmSubmit
{
    /// <summary>
    /// Runs sbatch on <paramref name="script"/> with <paramref name="environment"/> added to the environment it
    /// passes to the job (e.g. PGPASSWORD). sbatch missing from PATH: <see cref="FileNotFoundException"/>; sbatch
    /// refusing the job: <see cref="InvalidOperationException"/> with its message.
    /// </summary>
    public static string Submit(string script, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        start.ArgumentList.Add(script);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        Process process;
        try { process = Process.Start(start)!; }
        catch (Win32Exception e)
        {
            throw new FileNotFoundException($"sbatch could not be started ({e.Message}); run this on a Slurm login node, or submit {script} there", "sbatch", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"sbatch refused {script} (exit {process.ExitCode}): {error.Trim()}");
            // --parsable prints "jobid" or "jobid;cluster".
            return output.Result.Trim().Split(';')[0];
        }
    }
}
