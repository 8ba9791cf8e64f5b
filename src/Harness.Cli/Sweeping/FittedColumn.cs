using Spectre.Console;
using Spectre.Console.Rendering;

namespace Harness.Cli.Sweeping;

/// <summary>
/// A live-progress column of a fixed width that never wraps: the task's description as plain text cut to
/// <see cref="TerminalFit.DescriptionWidth"/> when <paramref name="inner"/> is null, else <paramref name="inner"/>
/// (the bar, percentage or elapsed time) held at <paramref name="width"/> columns so a long description can never
/// squeeze it into one character per line.
/// </summary>
internal sealed class FittedColumn(ProgressColumn? inner = null, int width = 0) : ProgressColumn
{
    /// <inheritdoc />
    protected override bool NoWrap => true;

    /// <inheritdoc />
    public override int? GetColumnWidth(RenderOptions options) =>
        inner is null ? TerminalFit.DescriptionWidth(options.ConsoleSize.Width) : width;

    /// <inheritdoc />
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        if (inner is not null) return inner.Render(options, task, deltaTime);
        int fit = TerminalFit.DescriptionWidth(options.ConsoleSize.Width);
        return new Text(TerminalFit.Fit(task.Description, fit).PadRight(fit)) { Overflow = Overflow.Crop };
    }
}
