using System.Reflection;
using ScottPlot;

namespace Harness.Reports.Figures;

/// <summary>
/// Makes figure text independent of system fonts: DejaVu Sans (regular and bold, embedded in this assembly) is
/// written once to a cache folder, registered with ScottPlot under <see cref="Family"/>, and made the default.
/// SkiaSharp's NoDependencies build reads system fonts only from /usr/share/fonts and silently drops text when
/// there are none; if the embedded font cannot be registered or lacks glyphs, this throws instead.
/// </summary>
public static class FigureFonts
{
    /// <summary>The family name figures use.</summary>
    public const string Family = "Harness DejaVu Sans";

    private static readonly Lock Gate = new();
    private static bool _ready;

    /// <summary>Registers the bundled font (idempotent, thread-safe); throws when text would not render.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_ready) return;
            var dir = Path.Combine(Path.GetTempPath(), "harness-reports-fonts-" + Environment.UserName);
            Directory.CreateDirectory(dir);
            Fonts.AddFontFile(Family, Extract("DejaVuSans.ttf", dir), bold: false, italic: false);
            Fonts.AddFontFile(Family, Extract("DejaVuSans-Bold.ttf", dir), bold: true, italic: false);
            const string probe = "Accuracy ± 0123456789 (%) epoch";
            var points = Fonts.GetStandaloneCodePoints(probe);
            int missing = Fonts.CountMissingGlyphs(Family, points);
            if (missing > 0)
                throw new InvalidOperationException(
                    $"figure font '{Family}' (bundled DejaVu Sans, extracted to {dir}) lacks {missing} glyphs of \"{probe}\": " +
                    "figure text would not render");
            Fonts.Default = Family;
            _ready = true;
        }
    }

    /// <summary>Applies the bundled font to every text element of a plot.</summary>
    public static void Apply(Plot plot)
    {
        EnsureRegistered();
        plot.Font.Set(Family);
    }

    private static string Extract(string file, string dir)
    {
        var name = "Harness.Reports.Fonts." + file;
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                      ?? throw new InvalidOperationException($"embedded font resource '{name}' is missing from Harness.Reports");
        var path = Path.Combine(dir, file);
        if (File.Exists(path) && new FileInfo(path).Length == s.Length) return path;
        var tmp = path + "." + Environment.ProcessId + ".tmp";
        using (var f = File.Create(tmp)) s.CopyTo(f);
        File.Move(tmp, path, overwrite: true);
        return path;
    }
}
