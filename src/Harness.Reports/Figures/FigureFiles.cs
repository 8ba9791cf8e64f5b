using ScottPlot;

namespace Harness.Reports.Figures;

/// <summary>The two files a figure is saved as: a PNG for viewing and an SVG for print.</summary>
public sealed record FigureFiles(string Png, string Svg);

/// <summary>Saves plots as PNG and SVG side by side.</summary>
internal static class FigureSaver
{
    /// <summary>Writes stem.png and stem.svg (creating the folder) and returns their paths.</summary>
    public static FigureFiles Save(Plot plot, string stem, int width, int height)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(stem));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var png = stem + ".png";
        var svg = stem + ".svg";
        plot.SavePng(png, width, height);
        plot.SaveSvg(svg, width, height);
        return new FigureFiles(png, svg);
    }
}
