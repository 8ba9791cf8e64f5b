using Harness.Dashboard.Tests.Support;
using Harness.Store;
using PuppeteerSharp;
using static Harness.Dashboard.Tests.Support.StoreWriter;

namespace Harness.Dashboard.Tests.Browser;

/// <summary>
/// The dashboard in a real headless Chromium (the system's; PuppeteerSharp never downloads one): every page loads
/// without console errors, the trial table sorts and filters, a trial written while the page is open appears without
/// a reload, hovering a point shows its trial, and hostile text from the store stays text. Saves the README's
/// screenshot to docs/images/dashboard.png.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string Hostile = "<img src=x onerror=\"window.__pwned=1\">";
    private const string HostileDescription = "</td><script>window.__pwned=2</script>&amp;";

    /// <summary>grid: 12 trials (lr x activation x width), one with a hostile activation; one failed with a hostile error; other: 4 trials.</summary>
    private static void Fill(StoreWriter w)
    {
        w.Experiment("grid");
        var trials = w.Plan("grid", from lr in new[] { "0.01", "0.1", "1" }
                                    from act in new[] { "relu", "tanh" }
                                    from width in new[] { "64", "256" }
                                    select Params(("learning_rate", lr), ("activation", act), ("width", width)));
        w.Complete(trials, t => 0.80 + 0.015 * ((t.Number * 7) % 12), epochs: 8);
        w.Complete(w.Plan("grid", [Params(("learning_rate", "0.3"), ("activation", Hostile), ("width", "128"))]), _ => 0.5, epochs: 3);
        w.Experiment("other", Spec.Replace("test grid", HostileDescription));
        w.Complete(w.Plan("other", from lr in new[] { "0.01", "0.1" }
                                   from width in new[] { "64", "256" }
                                   select Params(("learning_rate", lr), ("width", width))), t => 0.85 + 0.02 * t.Number, epochs: 5);
    }

    [Fact]
    public async Task Pages_load_sort_filter_update_live_and_keep_store_text_as_text()
    {
        await using var d = await RunningDashboard.StartAsync(Fill);
        await using var b = await BrowserSession.StartAsync();
        await ListPage(b, d);
        await ExperimentPage(b, d);
        await TrialPage(b.Page, d);
        await ComparePage(b, d);

        Assert.Equal(0, await b.Page.EvaluateExpressionAsync<int>("document.querySelectorAll('img').length"));
        Assert.True(await b.Page.EvaluateExpressionAsync<bool>("window.__pwned === undefined"));
        Assert.Equal("", b.Errors());
    }

    private static async Task ListPage(BrowserSession b, RunningDashboard d)
    {
        await b.Open(d, "/");
        await b.Page.WaitForFunctionAsync("() => document.querySelectorAll('#experiments tbody tr').length === 2");
        Assert.Equal(["grid", "other"], await b.Page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#experiments tbody tr td:first-child')].map(td => td.textContent)"));
        Assert.Equal(HostileDescription, await b.Page.EvaluateExpressionAsync<string>("document.querySelector('#experiments tbody tr:last-child td:last-child').textContent"));
    }

    private async Task ExperimentPage(BrowserSession b, RunningDashboard d)
    {
        var page = b.Page;
        await b.Open(d, "/experiments/grid");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#trials tbody tr').length === 13 && document.querySelector('#chart-history canvas')");

        // Store text stays text: the hostile activation is a cell's text, no element was made from it.
        Assert.True(await page.EvaluateExpressionAsync<bool>($"[...document.querySelectorAll('#trials td')].some(td => td.textContent === {Js(Hostile)})"));

        // Sorting: val acc descending on the first click, ascending on the second.
        var accuracies = d.Store.GetTrials("grid").OrderByDescending(t => t.ValidationAccuracy).ThenBy(t => t.Number).Select(t => t.Id).ToArray();
        await page.ClickAsync("th[data-key='val_acc']");
        await WaitForRowOrder(page, accuracies);
        await page.ClickAsync("th[data-key='val_acc']");
        await WaitForRowOrder(page, [.. accuracies.Reverse()]);
        await page.ClickAsync("th[data-key='p:learning_rate']");
        await page.WaitForFunctionAsync("() => document.querySelector('th.sorted').dataset.key === 'p:learning_rate'");

        // Filtering: every term must occur in the row.
        await page.TypeAsync("#filter", "tanh width=256");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#trials tbody tr').length === 3");
        Assert.True(await page.EvaluateExpressionAsync<bool>("[...document.querySelectorAll('#trials tbody tr')].every(r => r.textContent.includes('tanh') && r.textContent.includes('256'))"));
        await page.EvaluateExpressionAsync("(() => { const f = document.getElementById('filter'); f.value = ''; f.dispatchEvent(new Event('input')); })()");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#trials tbody tr').length === 13");
        await page.ClickAsync("th[data-key='val_acc']");
        await WaitForRowOrder(page, accuracies);

        await HoverShowsTrial(page, d);

        // Live: a trial written to the store while the page is open appears, with no reload.
        await page.EvaluateExpressionAsync("window.__sameDocument = true");
        var added = d.Writer.Plan("grid", [Params(("learning_rate", "0.05"), ("activation", "relu"), ("width", "512"))]);
        d.Writer.Complete(added, _ => 0.99, epochs: 8);
        var started = DateTime.UtcNow;
        await page.WaitForFunctionAsync($"() => document.querySelector('#trials tbody tr')?.dataset.id === '{added[0].Id}'");
        await page.WaitForFunctionAsync("() => document.querySelector('#cards .card b')?.textContent === '14'");
        output.WriteLine($"new trial shown {(DateTime.UtcNow - started).TotalSeconds:F1} s after it was written");
        Assert.True(await page.EvaluateExpressionAsync<bool>("window.__sameDocument === true"));
        await page.WaitForFunctionAsync("() => echarts.getInstanceByDom(document.getElementById('chart-history')).getOption().series[0].data.length === 14");

        await Screenshot(page);
    }

    /// <summary>Moves the mouse onto the hostile trial's point of the optimization history; the tooltip names the trial, as text.</summary>
    private static async Task HoverShowsTrial(IPage page, RunningDashboard d)
    {
        var hostile = d.Store.GetTrials("grid").Single(t => t.Params["activation"] == Hostile);
        var xy = await page.EvaluateExpressionAsync<double[]>($$"""
            (() => {
              const el = document.getElementById('chart-history'), c = echarts.getInstanceByDom(el);
              const p = c.getOption().series[0].data.find(x => x.id === {{hostile.Id}});
              const [x, y] = c.convertToPixel({ seriesIndex: 0 }, p.value), r = el.getBoundingClientRect();
              el.scrollIntoView();
              const r2 = el.getBoundingClientRect();
              return [r2.left + x, r2.top + y];
            })()
            """);
        await page.Mouse.MoveAsync((decimal)xy[0], (decimal)xy[1]);
        await page.WaitForFunctionAsync($"() => [...document.querySelectorAll('#chart-history div')].some(x => x.textContent.includes('trial #{hostile.Number}') && x.textContent.includes({Js(Hostile)}))");
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#chart-history img').length"));
        await page.Mouse.MoveAsync(0, 0);
        await page.EvaluateExpressionAsync("window.scrollTo(0, 0)");
    }

    private static async Task TrialPage(IPage page, RunningDashboard d)
    {
        var hostile = d.Store.GetTrials("grid").Single(t => t.Params["activation"] == Hostile);
        await page.ClickAsync($"#trials tbody tr[data-id='{hostile.Id}'] td:nth-child(3)");
        await page.WaitForFunctionAsync("() => document.getElementById('command') && document.querySelector('#chart-accuracy canvas')");
        Assert.Equal($"harness train --config grid-v1-trial-{hostile.Number}.json", await page.EvaluateExpressionAsync<string>("document.getElementById('command').textContent"));
        Assert.Contains("\"learning_rate\": 0.3", await page.EvaluateExpressionAsync<string>("document.getElementById('config').textContent"));
        Assert.True(await page.EvaluateExpressionAsync<bool>($"[...document.querySelectorAll('#params dd')].some(x => x.textContent === {Js(Hostile)})"));
    }

    private static async Task ComparePage(BrowserSession b, RunningDashboard d)
    {
        var page = b.Page;
        await b.Open(d, "/compare?a=grid&b=other");
        await page.WaitForFunctionAsync("() => document.getElementById('side-1') && document.querySelector('#chart-compare canvas') && document.querySelector('#compare-p-1 canvas')");
        Assert.Equal(["grid", "other"], await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#compare h2 a')].map(a => a.textContent)"));
        Assert.Equal(2, await page.EvaluateExpressionAsync<int>("echarts.getInstanceByDom(document.getElementById('chart-compare')).getOption().series.length"));
    }

    private static Task WaitForRowOrder(IPage page, long[] ids) =>
        page.WaitForFunctionAsync($"() => [...document.querySelectorAll('#trials tbody tr')].map(r => r.dataset.id).join(',') === '{string.Join(",", ids)}'");

    /// <summary>The README's picture: the experiment page with its plots and the top of the table (a small PNG).</summary>
    private async Task Screenshot(IPage page)
    {
        var file = Path.Combine(Chromium.RepositoryRoot(), "docs", "images", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await page.ScreenshotAsync(file, new ScreenshotOptions
        {
            Type = ScreenshotType.Png,
            Clip = new PuppeteerSharp.Media.Clip { X = 0, Y = 0, Width = 1280, Height = 800 },
        });
        var size = new FileInfo(file).Length;
        output.WriteLine($"screenshot {file}: {size / 1024} KB");
        Assert.True(size < 150 * 1024, $"screenshot is {size / 1024} KB; keep it under 150 KB");
    }

    private static string Js(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
