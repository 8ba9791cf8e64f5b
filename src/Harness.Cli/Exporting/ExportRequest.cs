namespace Harness.Cli.Exporting;

/// <summary>What `export` was asked for; <see cref="Check"/> refuses combinations that make no sense.</summary>
internal sealed record ExportRequest(string Experiment, int? Version, string Format, bool Epochs, int? Trial, string? ModelPath, string? OutPath)
{
    public void Check()
    {
        if (ModelPath is not null && Trial is null)
            throw new UserInputException("--model: needs --trial N, the trial whose model to write (`harness show EXP` lists the trial numbers)");
        if (ModelPath is not null && (Epochs || OutPath is not null))
            throw new UserInputException("--model: writes one trial's model file; it does not combine with --epochs or --out (export the rows in a second call)");
        if (Format == "parquet" && ModelPath is null && OutPath is null)
            throw new UserInputException("--format parquet: needs --out FILE (Parquet is binary, not for the terminal)");
    }
}
