using System.CommandLine;
using Harness.Cli.Usage;

namespace Harness.Cli;

/// <summary>
/// Runs the parsed command and turns known failures into one clear line on stderr and a non-zero exit code:
/// 2 for bad input (options, files, configuration), 1 for a run that failed (a full disk under the store, a
/// database server that stayed unreachable past the retries, or a file the run could not read or write included),
/// 130 for Ctrl+C. A command line that does
/// not parse gets its errors and a one-line usage (exit 2), not the whole help; `--help` ends with examples.
/// </summary>
public static class CliRunner
{
    public const int ExitOk = 0, ExitFailed = 1, ExitBadInput = 2, ExitInterrupted = 130;

    public static int Run(RootCommand root, string[] args)
    {
        ExampleHelpAction.Install(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction and not ExampleHelpAction)
        {
            UsageError.Write(Console.Error, parse);
            return ExitBadInput;
        }
        try
        {
            // Ctrl+C and SIGTERM are the commands' own (StopRequest): System.CommandLine's handler would end the process
            // two seconds after the signal, whatever the command was doing to stop cleanly.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            Console.Error.WriteLine($"error: {Harness.Data.ErrorText.Sentence(ex)}");
            return ExitBadInput;
        }
        catch (Exception ex) when (ex is Harness.Store.StoreDiskFullException or Harness.Store.StoreUnavailableException or Harness.Sweeps.EngineLostException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitFailed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a file or folder the run could not read or write (permissions, a path taken by something else): one line
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitFailed;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted");
            return ExitInterrupted;
        }
    }

    /// <summary>Errors caused by the user's input: message only, no stack trace.</summary>
    public static bool IsUserError(Exception ex) =>
        ex is UserInputException or InvalidDataException or Harness.Data.MnistFolderException or FileNotFoundException or DirectoryNotFoundException
            or System.Text.Json.JsonException or ArgumentException;
}

/// <summary>Bad input from the user (an option value, a file, a configuration); the message says what and what is allowed.</summary>
public sealed class UserInputException(string message) : Exception(message);
