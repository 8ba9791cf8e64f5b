using System.CommandLine;
using System.Reflection;
using Harness.Cli.Sweeping;
using Harness.Data;
using Harness.Sweeps;
using Harness.Sweeps.Cluster;

namespace Harness.Cli.Commands;

/// <summary>
/// `slurm FILE --store URI --workers N`: writes an sbatch script for a job array of N workers on a shared store,
/// and with --submit submits it (sbatch --parsable) and prints the job id. The script never holds the password:
/// with --submit, sbatch gets it as PGPASSWORD in the environment it passes to the job.
/// </summary>
internal static class SlurmCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Experiment file (on a file system the compute nodes share)" };
        var workers = new Option<int>("--workers") { Description = "Workers (array tasks)", Required = true };
        var gpus = new Option<int?>("--gpus-per-worker") { Description = "GPUs per worker (--gres=gpu:G); with G > 0 workers use the cuda engine" };
        var cpus = new Option<int>("--cpus-per-worker") { Description = "CPU cores per worker", DefaultValueFactory = _ => 1 };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (e.g. gpu)" };
        var time = new Option<string?>("--time") { Description = "Time limit per worker (e.g. 2:00:00)" };
        var throttle = new Option<int?>("--throttle") { Description = "Most workers running at once (the %K of --array)" };
        var lease = new Option<double>("--lease") { Description = "The workers' --lease in seconds", DefaultValueFactory = _ => 120 };
        var script = new Option<FileInfo?>("--script") { Description = "Where to write the script (default: results/slurm/EXPERIMENT.sbatch)" }.WritesFile();
        var harness = new Option<string?>("--harness") { Description = "Command that starts harness on a node (default: this harness, by its full path)" };
        var submit = new Option<bool>("--submit") { Description = "Submit the script with sbatch --parsable and print the job id" };
        var checkpointEvery = CommonOptions.CheckpointEvery();
        var store = CommonOptions.Db();
        var command = new Command("slurm", "Write (and with --submit, submit) a Slurm job array of harness workers on a shared store");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { store, workers, gpus, cpus, partition, time, throttle, lease, checkpointEvery, script, harness, submit }) command.Options.Add(o);
        command.SetAction(p =>
        {
            var spec = ExperimentFile.Load(p.GetValue(file)!.FullName);
            var location = StoreAccess.Resolve(p.GetValue(store));
            if (!location.IsPostgres)
                throw new UserInputException($"--store: '{location.Display}' is a LiteDB file, which serves one machine only; workers on a cluster need postgres://user:password@host:port/database");
            var path = p.GetValue(script)?.FullName ?? Path.Combine(RepoPaths.Results, "slurm", spec.Name + ".sbatch");
            var workDir = Path.GetDirectoryName(path)!;
            var job = new SlurmJob
            {
                ExperimentFile = p.GetValue(file)!.FullName,
                Store = location.Display,
                Harness = p.GetValue(harness) ?? ThisHarness(),
                WorkDir = workDir,
                JobName = "harness-" + spec.Name,
                Workers = p.GetValue(workers),
                GpusPerWorker = p.GetValue(gpus),
                CpusPerWorker = p.GetValue(cpus),
                Partition = p.GetValue(partition),
                Time = p.GetValue(time),
                Throttle = p.GetValue(throttle),
                LeaseSeconds = p.GetValue(lease),
                CheckpointSeconds = p.GetValue(checkpointEvery),
            };
            if (job.Validate() is { Count: > 0 } errors) throw new UserInputException(string.Join("\n", errors));
            Directory.CreateDirectory(Path.Combine(workDir, "logs"));
            AtomicFile.WriteAllText(path, job.Script());
            Console.WriteLine($"wrote {path}: {job.Workers} worker(s) on {location.Display}, logs in {Path.Combine(workDir, "logs")}");
            if (!p.GetValue(submit))
            {
                Console.WriteLine($"submit it with: sbatch {path}" + (location.PasswordEnvironment().Count > 0 ? " (with PGPASSWORD set, or a ~/.pgpass entry)" : ""));
                return CliRunner.ExitOk;
            }
            try { Console.WriteLine(SlurmSubmit.Submit(path, location.PasswordEnvironment())); }
            catch (FileNotFoundException e) { throw new UserInputException(e.Message); }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return CliRunner.ExitFailed;
            }
            return CliRunner.ExitOk;
        });
        return command;
    }

    /// <summary>This harness by full path: "dotnet harness.dll" under the dotnet host, else the apphost itself.</summary>
    private static string ThisHarness()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var entry = Assembly.GetEntryAssembly()?.Location;
        var host = Path.GetFileNameWithoutExtension(process);
        return host.Equals("dotnet", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(entry)
            ? $"{SlurmJob.Quote(process)} {SlurmJob.Quote(entry)}"
            : SlurmJob.Quote(process);
    }
}
