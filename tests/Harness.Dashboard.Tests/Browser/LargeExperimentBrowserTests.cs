using System.Diagnostics;
using Harness.Dashboard.Tests.Support;

namespace Harness.Dashboard.Tests.Browser;

/// <summary>
/// The experiment page over 10,000 trials (300 finished) in headless Chromium: the first page of the table and the
/// plots appear, a sort and a filter come back, in seconds, without console errors.
/// </summary>
[Collection(nameof(LargeStoreCollection))]
public sealed class LargeExperimentBrowserTests(LargeStore large, ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_thousand_trials_load_sort_and_filter_in_the_browser()
    {
        await using var d = await RunningDashboard.Over(large.Store, TimeSpan.FromSeconds(1));
        await using var b = await BrowserSession.StartAsync();

        var load = Stopwatch.StartNew();
        await b.Open(d, "/experiments/big");
        await b.Page.WaitForFunctionAsync("() => document.querySelectorAll('#trials tbody tr').length === 50 && document.querySelector('#chart-parallel canvas') && document.querySelector('#chart-param-2 canvas')");
        var loaded = load.Elapsed;

        var sort = Stopwatch.StartNew();
        await b.Page.ClickAsync("th[data-key='val_acc']");
        await b.Page.WaitForFunctionAsync($"() => document.querySelector('#trials tbody tr td a')?.textContent === '{LargeStore.Finished - 1}'");
        var sorted = sort.Elapsed;

        var filter = Stopwatch.StartNew();
        await b.Page.TypeAsync("#filter", "tanh width=256");
        await b.Page.WaitForFunctionAsync($"() => document.getElementById('matched').textContent.includes('of {LargeStore.TanhWidth256} ({LargeStore.Trials} in all)')");
        var filtered = filter.Elapsed;

        var hover = Stopwatch.StartNew();
        var best = LargeStore.Finished - 1;
        var xy = await b.Page.EvaluateExpressionAsync<double[]>($$"""
            (() => {
              const el = document.getElementById('chart-param-0'), c = echarts.getInstanceByDom(el);
              const p = c.getOption().series[0].data.find(x => x.trial.number === {{best}});
              el.scrollIntoView();
              const [x, y] = c.convertToPixel({ seriesIndex: 0 }, p.value), r = el.getBoundingClientRect();
              return [r.left + x, r.top + y];
            })()
            """);
        await b.Page.Mouse.MoveAsync((decimal)xy[0], (decimal)xy[1]);
        // Neighbouring trials may share the pixel; the tooltip names one trial of that point.
        await b.Page.WaitForFunctionAsync("() => [...document.querySelectorAll('#chart-param-0 div')].some(x => /trial #\\d+ \\(complete\\)/.test(x.textContent))");
        var hovered = hover.Elapsed;

        output.WriteLine($"10,000 trials ({LargeStore.Finished} finished): hover {hovered.TotalSeconds:F2} s, page with plots {loaded.TotalSeconds:F1} s, sort {sorted.TotalSeconds:F2} s, filter {filtered.TotalSeconds:F2} s (typing included)");
        Assert.Equal("", b.Errors());
        // Generous bounds for a shared 2-core CI machine (guards against pathological slowness); times are printed above.
        Assert.True(loaded < TimeSpan.FromSeconds(20), $"the page took {loaded.TotalSeconds:F1} s");
        Assert.True(sorted < TimeSpan.FromSeconds(8) && filtered < TimeSpan.FromSeconds(10), $"sort {sorted.TotalSeconds:F1} s, filter {filtered.TotalSeconds:F1} s");
    }
}
