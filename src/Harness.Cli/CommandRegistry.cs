using System.CommandLine;
using Harness.Cli.Commands;

namespace Harness.Cli;

/// <summary>Every top-level command, in the order `--help` lists them. One line per command file.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return DataCommand.Create();
        yield return TrainCommand.Create();
        yield return EvaluateCommand.Create();
        yield return PerceptronCommand.Create();
        yield return BenchCommand.Create();
        yield return SweepCommand.Create();
        yield return WorkerCommand.Create();
        yield return SlurmCommand.Create();
        yield return StatusCommand.Create();
        yield return StoreCommand.Create();
        yield return ListCommand.Create();
        yield return ShowCommand.Create();
        yield return BestCommand.Create();
        yield return ImportanceCommand.Create();
        yield return ExportCommand.Create();
        yield return DeleteCommand.Create();
        yield return RenameCommand.Create();
        yield return RetryCommand.Create();
        yield return TableCommand.Create();
        yield return CompareCommand.Create();
        yield return ReportCommand.Create();
        yield return DashboardCommand.Create();
        yield return BaselineCommand.Create();
        yield return DoctorCommand.Create();
    }
}
