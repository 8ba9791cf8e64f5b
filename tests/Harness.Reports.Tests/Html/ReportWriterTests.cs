using System.Text.RegularExpressions;
using Harness.Reports.Html;
using Harness.Reports.Tests.Support;

namespace Harness.Reports.Tests.Html;

public sealed class ReportWriterTests
{
    /// <summary>A fake inspector: 10-class confusion, 30 synthetic first-layer units, two hidden layers of activations.</summary>
    private static ModelInsights FakeInsights(byte[] bytes, Harness.Store.TrialRecord trial)
    {
        Assert.Equal([1, 2, 3], bytes);
        var rng = new Random(trial.Seed);
        var confusion = Enumerable.Range(0, 10).Select(t => Enumerable.Range(0, 10).Select(p => p == t ? 900 + rng.Next(80) : rng.Next(8)).ToArray()).ToArray();
        var w = new float[30 * 784];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(Math.Sin(i * 0.37) * Math.Cos(i / 784 + i % 28 * 0.2));
        float[] Act(int width) => Enumerable.Range(0, 100 * width).Select(i => (float)Math.Max(0, rng.NextDouble() - 0.4)).ToArray();
        return new ModelInsights(confusion, w, 30, 784, [new HiddenActivations(Act(30), 30), new HiddenActivations(Act(20), 20)], "test");
    }

    private static ReportResult WriteFakeReport(string dir) =>
        ReportWriter.Write(FakeStore.Of("grid", FakeTrials.Grid(), _ => [1, 2, 3]), "grid",
            new ReportOptions { OutDir = dir, Inspector = FakeInsights, BestK = 3 });

    [Fact]
    public void IndexReferencesOnlyFilesThatExistAndEveryFigureAndTable()
    {
        var dir = TestOutput.Folder();
        var r = WriteFakeReport(dir);
        var html = File.ReadAllText(r.IndexPath);
        var refs = Regex.Matches(html, "(?:src|href|data-file)=\"((?!data:)[^\"#]+)\"").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();
        Assert.NotEmpty(refs);
        Assert.All(refs, f =>
        {
            Assert.False(Uri.TryCreate(f, UriKind.Absolute, out _), $"absolute link {f}");
            Assert.True(File.Exists(Path.Combine(dir, f)), $"index.html links missing file {f}");
        });
        Assert.All(r.Files, f => Assert.Contains(f, refs));
        foreach (var name in new[]
                 {
                     "figures/learning_curves_accuracy.png", "figures/learning_curves_loss.svg", "figures/val_acc_vs_learning_rate.png",
                     "figures/heatmap_depth_x_width.png", "figures/parallel_coordinates.png", "figures/seed_boxes.png",
                     "figures/optimization_history.png", "figures/confusion_matrix.png", "figures/first_layer_weights.png",
                     "figures/hidden_histograms.png", "figures/hidden_sparsity.png", "figures/hidden_correlation_layer2.svg",
                     "tables/test_acc.md", "tables/test_acc.csv", "tables/test_acc.tex", "tables/seconds.txt",
                 })
            Assert.Contains(name, refs);
        Assert.Empty(r.Notes);
        Assert.DoesNotContain("http", Regex.Replace(html, "<!DOCTYPE[^>]*>", ""));
        Assert.Contains("<tr class=\"best\">", html);
    }

    [Fact]
    public void ReportsTheVersionAskedForAndNamesAMissingOne()
    {
        var v1 = FakeTrials.Grid(seeds: 1, withFailed: false);
        var v2 = v1.Take(2).Select(t => t with { Id = t.Id + 1000, Version = 2 }).ToList();
        var store = new FakeStore(
            [new Harness.Store.ExperimentRecord { Name = "grid", Version = 1, SpecJson = "{}", SpecHash = "abcdef0123456789" },
             new Harness.Store.ExperimentRecord { Name = "grid", Version = 2, SpecJson = "{}", SpecHash = "0123456789abcdef" }],
            [.. v1, .. v2], FakeTrials.Epochs);

        var r = ReportWriter.Write(store, "grid", new ReportOptions { OutDir = TestOutput.Folder(), Version = 1, BestK = 1 });
        var html = File.ReadAllText(r.IndexPath);
        Assert.Contains("grid (version 1)", html);
        Assert.Contains($"{v1.Count} trials", html);

        var e = Assert.Throws<ArgumentException>(() => ReportWriter.Write(store, "grid", new ReportOptions { OutDir = TestOutput.Folder(), Version = 3 }));
        Assert.Contains("no version 3 of experiment 'grid'", e.Message);
    }

    [Fact]
    public void WithoutInspectorTheReportSaysWhyModelFiguresAreMissing()
    {
        var dir = TestOutput.Folder();
        var r = ReportWriter.Write(FakeStore.Of("grid", FakeTrials.Grid()), "grid",
            new ReportOptions { OutDir = dir, NoInspectorReason = "MNIST not found at /nowhere" });
        Assert.Contains(r.Notes, n => n.Contains("MNIST not found at /nowhere"));
        Assert.Contains("MNIST not found at /nowhere", File.ReadAllText(r.IndexPath));
        Assert.DoesNotContain(r.Files, f => f.Contains("confusion"));
    }

    [Fact]
    public void AFigureThatCannotBeDrawnGetsANoteInPlainWords()
    {
        ModelInsights TwoInputs(byte[] bytes, Harness.Store.TrialRecord trial) => FakeInsights(bytes, trial) with { FirstLayerWeights = new float[30 * 2], FirstLayerInputs = 2 };
        var r = ReportWriter.Write(FakeStore.Of("grid", FakeTrials.Grid(), _ => [1, 2, 3]), "grid",
            new ReportOptions { OutDir = TestOutput.Folder(), Inspector = TwoInputs, BestK = 1 });
        var note = Assert.Single(r.Notes, n => n.Contains("not drawn"));
        Assert.EndsWith("not drawn: input width 2 is not a square image; weight images need e.g. 784 = 28 x 28", note);
        Assert.DoesNotContain(r.Files, f => f.Contains("first_layer_weights"));
    }

    [Fact]
    public void An_unknown_grouping_key_is_refused_before_the_folder_is_made()
    {
        var dir = Path.Combine(TestOutput.Folder(), "report");
        var e = Assert.Throws<ArgumentException>(() => ReportWriter.Write(FakeStore.Of("grid", FakeTrials.Grid()), "grid",
            new ReportOptions { OutDir = dir, By = ["colour"] }));
        Assert.Contains("unknown parameter 'colour'", e.Message);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void UnknownExperimentNamesTheKnownOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            ReportWriter.Write(FakeStore.Of("grid", FakeTrials.Grid()), "gird", new ReportOptions { OutDir = TestOutput.Folder() }));
        Assert.Contains("'gird'", ex.Message);
        Assert.Contains("grid", ex.Message);
    }

    [Fact]
    public void ExperimentWithoutCompleteTrialsStillGetsAnIndex()
    {
        var pending = FakeTrials.Grid().Select(t => t with { State = Harness.Store.TrialState.Pending }).ToList();
        var r = ReportWriter.Write(FakeStore.Of("grid", pending), "grid", new ReportOptions { OutDir = TestOutput.Folder() });
        Assert.Empty(r.Files);
        Assert.Contains("37 pending", File.ReadAllText(r.IndexPath));
    }

    [Fact]
    public void ShowsTheDatasetBaseConfigurationAndSearchSpaceEscaped()
    {
        const string spec = """
            { "name": "grid", "dataset": { "name": "mnist", "validation": 10000 },
              "base": { "hidden": [30], "activation": "tanh", "learning_rate": 0.5, "note": "<b>x</b>" },
              "repeats": 3,
              "search": { "strategy": "grid", "space": { "depth": [1, 2], "width": [30, 100] }, "pruner": "none" } }
            """;
        var store = new FakeStore([new Harness.Store.ExperimentRecord { Name = "grid", SpecJson = spec, SpecHash = "abcdef0123456789" }],
            FakeTrials.Grid(), FakeTrials.Epochs, null);
        var r = ReportWriter.Write(store, "grid", new ReportOptions { OutDir = TestOutput.Folder(), BestK = 3 });
        var html = File.ReadAllText(r.IndexPath);
        foreach (var row in new[]
                 {
                     "<tr><th>name</th><td>mnist</td></tr>", "<tr><th>validation</th><td>10000</td></tr>",
                     "<tr><th>hidden</th><td>[30]</td></tr>", "<tr><th>learning_rate</th><td>0.5</td></tr>",
                     "<tr><th>note</th><td>&lt;b&gt;x&lt;/b&gt;</td></tr>", "<tr><th>strategy</th><td>grid</td></tr>",
                     "<tr><th>space: depth</th><td>[1,2]</td></tr>", "<tr><th>space: width</th><td>[30,100]</td></tr>",
                     "<tr><th>repeats (seeds per configuration)</th><td>3</td></tr>",
                 })
            Assert.Contains(row, html);
        Assert.True(html.IndexOf("<h3>Dataset</h3>", StringComparison.Ordinal) < html.IndexOf("<h2 id=\"tables\">", StringComparison.Ordinal));
        // A store whose spec holds none of it shows no empty section.
        var bare = ReportWriter.Write(FakeStore.Of("grid", FakeTrials.Grid()), "grid", new ReportOptions { OutDir = TestOutput.Folder(), BestK = 3 });
        Assert.DoesNotContain("<h3>Base configuration</h3>", File.ReadAllText(bare.IndexPath));
    }

    [Fact]
    public void SeedBoxesAppearOnlyWithTwoOrMoreSeeds()
    {
        var one = ReportWriter.Write(FakeStore.Of("grid", FakeTrials.Grid(seeds: 1), _ => [1, 2, 3]), "grid",
            new ReportOptions { OutDir = TestOutput.Folder(), BestK = 3 });
        Assert.DoesNotContain(one.Files, f => f.Contains("seed_boxes", StringComparison.Ordinal));
        Assert.Contains("no configuration has two or more seeds", File.ReadAllText(one.IndexPath));
        var two = ReportWriter.Write(FakeStore.Of("grid", FakeTrials.Grid(seeds: 2), _ => [1, 2, 3]), "grid",
            new ReportOptions { OutDir = TestOutput.Folder(), BestK = 3 });
        Assert.Contains("figures/seed_boxes.png", two.Files);
    }

    [Fact]
    public void BestModelFiguresNameTheTrialTheyShow()
    {
        var r = WriteFakeReport(TestOutput.Folder());
        var html = File.ReadAllText(r.IndexPath);
        var number = Regex.Match(html, @"<p>Trial #(\d+) \(id").Groups[1].Value;
        Assert.NotEqual("", number);
        var captions = Regex.Matches(html, "<figcaption>([^<]*)").Select(m => m.Groups[1].Value).ToList();
        foreach (var start in new[] { "Confusion matrix", "First-layer weights", "Hidden activations", "Sparsity and dead units", "Correlation between units" })
        {
            var these = captions.Where(c => c.StartsWith(start, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(these);
            Assert.All(these, c => Assert.Contains($"of trial #{number}", c));
        }
    }

    [Fact]
    public void IndexEmbedsEveryFigureSoThePageStandsAlone()
    {
        var dir = TestOutput.Folder();
        var r = WriteFakeReport(dir);
        var html = File.ReadAllText(r.IndexPath);
        var images = Regex.Matches(html, "<img src=\"([^\"]*)\" data-file=\"([^\"]*)\"").ToList();
        Assert.Equal(r.Files.Count(f => f.EndsWith(".png", StringComparison.Ordinal)), images.Count);
        Assert.DoesNotMatch("<img src=\"(?!data:)", html);
        foreach (var m in images)
        {
            Assert.StartsWith("data:image/png;base64,", m.Groups[1].Value);
            var bytes = Convert.FromBase64String(m.Groups[1].Value["data:image/png;base64,".Length..]);
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, System.Net.WebUtility.HtmlDecode(m.Groups[2].Value))), bytes);
        }
    }

    [Fact]
    public void ReportLoadsInHeadlessChromiumWithNoBrokenImages()
    {
        var browser = HeadlessChromium.Find();
        if (browser is null) Assert.Skip("chromium is not installed (apt-get install chromium); the HTML check needs a browser");
        var dir = TestOutput.Folder();
        var r = WriteFakeReport(dir);
        var dom = HeadlessChromium.DumpDom(browser, r.IndexPath);
        Assert.Contains("data-images=\"ok\"", dom);
        var shot = Path.Combine(TestOutput.Dir, nameof(ReportLoadsInHeadlessChromiumWithNoBrokenImages) + ".png");
        HeadlessChromium.Screenshot(browser, r.IndexPath, shot);
        Assert.True(new FileInfo(shot).Length > 10_000);
    }
}
