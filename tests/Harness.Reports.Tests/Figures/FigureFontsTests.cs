using Harness.Reports.Figures;

namespace Harness.Reports.Tests.Figures;

public sealed class FigureFontsTests
{
    [Fact]
    public void BundledFontIsRegisteredAndCoversFigureText()
    {
        FigureFonts.EnsureRegistered();
        FigureFonts.EnsureRegistered(); // idempotent
        Assert.Equal(FigureFonts.Family, ScottPlot.Fonts.Default);
        var points = ScottPlot.Fonts.GetStandaloneCodePoints("validation accuracy (%) ± ◆ [30,30]");
        Assert.Equal(0, ScottPlot.Fonts.CountMissingGlyphs(FigureFonts.Family, points));
        using var typeface = ScottPlot.Fonts.GetTypeface(FigureFonts.Family, bold: true, italic: false);
        Assert.Equal("DejaVu Sans", typeface.FamilyName); // a DejaVu face (this machine also has system DejaVu, so this does not prove which file)
    }
}
