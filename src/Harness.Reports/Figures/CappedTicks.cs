using ScottPlot;

namespace Harness.Reports.Figures;

/// <summary>
/// ScottPlot's automatic numeric ticks without any above <paramref name="cap"/>: lets a percent axis run a little
/// past 100 (so a curve at 100 % stays clear of the frame) while no tick reads more than 100 %.
/// </summary>
internal sealed class CappedTicks(double cap) : ITickGenerator
{
    private readonly ScottPlot.TickGenerators.NumericAutomatic _inner = new();

    public Tick[] Ticks { get; set; } = [];

    public int MaxTickCount
    {
        get => _inner.MaxTickCount;
        set => _inner.MaxTickCount = value;
    }

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
    {
        _inner.Regenerate(range, edge, size, paint, labelStyle);
        Ticks = _inner.Ticks.Where(t => t.Position <= cap + 1e-9).ToArray();
    }
}
