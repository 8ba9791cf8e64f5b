using System.Diagnostics;
using Harness.Reports.Tables;
using Harness.Reports.Tests.Support;
using Harness.Reports.Trials;

namespace Harness.Reports.Tests.Tables;

/// <summary>`table --format latex` output compiles as a table in a real LaTeX run (Debian's texlive-latex-base).</summary>
public sealed class LatexCompileTests
{
    private static string? FindPdflatex() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "pdflatex")).FirstOrDefault(File.Exists);

    [Fact]
    public void Latex_tables_compile_with_pdflatex()
    {
        var pdflatex = FindPdflatex();
        if (pdflatex is null) Assert.Skip("pdflatex is not installed (apt-get install texlive-latex-base); the compile check needs it");

        var dir = Directory.CreateTempSubdirectory("harness-latex-").FullName;
        try
        {
            // Names with LaTeX specials (_ % &) must come out escaped; the nielsen table adds its published column.
            var grid = TableWriter.Write(TableBuilder.Build("my_grid 100%&", FakeTrials.Grid(), Metric.TestAccuracy, ["depth", "width", "learning_rate"]), TableFormat.Latex);
            var compare = TableWriter.Write(ComparisonTable.Build([("a_1", FakeTrials.Grid("a_1")), ("b", FakeTrials.Grid("b", seeds: 2))]), TableFormat.Latex);
            File.WriteAllText(Path.Combine(dir, "doc.tex"),
                "\\documentclass{article}\n\\begin{document}\n" + grid + "\n" + compare + "\n\\end{document}\n");
            var psi = new ProcessStartInfo(pdflatex, "-interaction=nonstopmode -halt-on-error doc.tex")
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(psi)!;
            var log = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(60_000), "pdflatex did not finish in 60 s");
            Assert.True(p.ExitCode == 0, "pdflatex failed:\n" + string.Join("\n", log.Split('\n').Where(l => l.StartsWith('!') || l.StartsWith("l.")).Take(10)));
            Assert.True(new FileInfo(Path.Combine(dir, "doc.pdf")).Length > 1000);
            Assert.Contains("\\begin{tabular}", grid);
            Assert.Contains("my\\_grid 100\\%\\&", grid);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
