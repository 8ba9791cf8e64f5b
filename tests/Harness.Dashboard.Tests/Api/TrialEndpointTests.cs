using System.Net;
using System.Text.Json;
using Harness.Dashboard.Tests.Support;
using static Harness.Dashboard.Tests.Support.StoreWriter;

namespace Harness.Dashboard.Tests.Api;

/// <summary>The JSON API over a small in-memory store: list, paging, sorting, filtering, stamps, trial detail, errors.</summary>
public sealed class TrialEndpointTests
{
    /// <summary>grid: 6 trials, lr 0.01/0.1/1 x relu/tanh, accuracy rising with trial number; one pending trial on top.</summary>
    private static void Fill(StoreWriter w)
    {
        w.Experiment("grid");
        var trials = w.Plan("grid", from lr in new[] { "0.01", "0.1", "1" }
                                    from act in new[] { "relu", "tanh" }
                                    select Params(("learning_rate", lr), ("activation", act)));
        w.Complete(trials, t => 0.5 + t.Number * 0.05);
        w.Plan("grid", [Params(("learning_rate", "10"), ("activation", "relu"))]);
        w.Experiment("other");
    }

    [Fact]
    public async Task Experiments_lists_each_with_counts_and_best()
    {
        await using var d = await RunningDashboard.StartAsync(Fill);
        var list = await d.GetJson("/api/experiments");
        var grid = list.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "grid");
        Assert.Equal(7, grid.GetProperty("trials").GetInt32());
        Assert.Equal(6, grid.GetProperty("counts").GetProperty("complete").GetInt32());
        Assert.Equal(1, grid.GetProperty("counts").GetProperty("pending").GetInt32());
        Assert.Equal(0.75, grid.GetProperty("bestValidationAccuracy").GetDouble(), 9);
        Assert.Equal(5, grid.GetProperty("best").GetProperty("number").GetInt32());
        Assert.Equal("test grid", grid.GetProperty("description").GetString());
        Assert.Equal(2, list.GetArrayLength());
    }

    [Fact]
    public async Task Trials_sort_by_a_numeric_parameter_and_by_accuracy_with_missing_values_last()
    {
        await using var d = await RunningDashboard.StartAsync(Fill);
        var byLr = await d.GetJson("/api/experiments/grid/trials?sort=p:learning_rate&order=desc");
        var lrIndex = Names(byLr).IndexOf("learning_rate");
        // Numeric order (10 > 1 > 0.1 > 0.01), not text order ("10" < "1"... by characters would differ).
        Assert.Equal(["10", "1", "1", "0.1", "0.1", "0.01", "0.01"],
            byLr.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("params")[lrIndex].GetString()!).ToArray());
        var byAcc = await d.GetJson("/api/experiments/grid/trials?sort=val_acc&order=asc");
        var numbers = byAcc.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("number").GetInt32()).ToArray();
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], numbers); // the pending trial (no accuracy) last
        var desc = await d.GetJson("/api/experiments/grid/trials?sort=val_acc&order=desc");
        Assert.Equal([5, 4, 3, 2, 1, 0, 6], desc.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("number").GetInt32()).ToArray());
    }

    [Fact]
    public async Task Trials_filter_by_terms_and_state_and_page()
    {
        await using var d = await RunningDashboard.StartAsync(Fill);
        var tanh = await d.GetJson("/api/experiments/grid/trials?filter=TANH%20learning_rate=0.1");
        Assert.Equal(1, tanh.GetProperty("matched").GetInt32());
        Assert.Equal(7, tanh.GetProperty("total").GetInt32());
        Assert.Equal(3, tanh.GetProperty("rows")[0].GetProperty("number").GetInt32());
        var pending = await d.GetJson("/api/experiments/grid/trials?state=pending");
        Assert.Equal(6, pending.GetProperty("rows").EnumerateArray().Single().GetProperty("number").GetInt32());
        var page = await d.GetJson("/api/experiments/grid/trials?offset=2&limit=3");
        Assert.Equal([2, 3, 4], page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("number").GetInt32()).ToArray());
        Assert.Equal(7, page.GetProperty("matched").GetInt32());
    }

    [Fact]
    public async Task Polling_with_the_stamp_gets_304_until_a_trial_changes()
    {
        await using var d = await RunningDashboard.StartAsync(Fill);
        var first = await d.GetJson("/api/experiments/grid/trials");
        var stamp = first.GetProperty("stamp").GetString()!;
        using (var same = await d.Http.GetAsync($"/api/experiments/grid/trials?since={stamp}", TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/experiments/grid/points"))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", $"\"{stamp}\"");
            using var etag = await d.Http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotModified, etag.StatusCode);
        }
        var pending = d.Store.GetTrials("grid").Single(t => t.Number == 6);
        d.Writer.Complete([pending], _ => 0.9);
        // A snapshot is reused for at least four times its read time (TrialSnapshots), so on a loaded machine the
        // change can take a few polls to show.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var changed = await d.Http.GetAsync($"/api/experiments/grid/trials?since={stamp}", TestContext.Current.CancellationToken);
        while (changed.StatusCode == HttpStatusCode.NotModified && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            changed.Dispose();
            await Task.Delay(50, TestContext.Current.CancellationToken);
            changed = await d.Http.GetAsync($"/api/experiments/grid/trials?since={stamp}", TestContext.Current.CancellationToken);
        }
        using var _ = changed;
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var body = JsonDocument.Parse(await changed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.NotEqual(stamp, body.GetProperty("stamp").GetString());
        Assert.Equal(7, body.GetProperty("counts").GetProperty("complete").GetInt32());
    }

    [Fact]
    public async Task Trial_detail_has_epochs_full_configuration_with_dataset_and_the_command()
    {
        await using var d = await RunningDashboard.StartAsync(Fill);
        var id = d.Store.GetTrials("grid").Single(t => t.Number == 2).Id;
        var detail = await d.GetJson($"/api/trials/{id}");
        Assert.Equal(3, detail.GetProperty("epochs").GetArrayLength());
        Assert.Equal("complete", detail.GetProperty("trial").GetProperty("state").GetString());
        Assert.Equal("harness train --config grid-v1-trial-2.json", detail.GetProperty("command").GetString());
        var config = JsonDocument.Parse(detail.GetProperty("config").GetString()!).RootElement;
        Assert.Equal(0.1, config.GetProperty("learning_rate").GetDouble());
        Assert.Equal(3, config.GetProperty("seed").GetInt32());
        Assert.Equal(1000, config.GetProperty("dataset").GetProperty("train_limit").GetInt32());
        using var file = await d.Http.GetAsync($"/api/trials/{id}/config.json", TestContext.Current.CancellationToken);
        Assert.Equal("grid-v1-trial-2.json", file.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(detail.GetProperty("config").GetString(), await file.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Curves_are_the_best_finished_trials_and_the_running_ones()
    {
        await using var d = await RunningDashboard.StartAsync(Fill);
        var pending = d.Store.GetTrials("grid").Single(t => t.Number == 6);
        d.Store.TryClaim(pending.Id, "cpu", "test", out _);
        d.Store.AppendEpochs([Epoch(pending.Id, 1, 0.3)]);
        var curves = (await d.GetJson("/api/experiments/grid/curves")).GetProperty("curves").EnumerateArray().ToList();
        Assert.Equal([5, 4, 3, 2, 1, 0, 6], curves.Select(c => c.GetProperty("number").GetInt32()).ToArray());
        Assert.Equal("running", curves[^1].GetProperty("state").GetString());
        Assert.Equal(0.3, curves[^1].GetProperty("validationAccuracy")[0].GetDouble(), 9);
    }

    [Theory]
    [InlineData("/api/experiments/grid/trials?sort=colour", 400, "sort 'colour' is not a column; use one of number, state")]
    [InlineData("/api/experiments/grid/trials?state=done", 400, "state 'done' is not a trial state; use one of pending, running")]
    [InlineData("/api/experiments/grid/trials?limit=5000", 400, "limit '5000' is not allowed; use a whole number from 1 to 1000")]
    [InlineData("/api/experiments/grid/trials?order=up", 400, "order 'up' is not allowed; use asc or desc")]
    [InlineData("/api/experiments/nope/trials", 404, "experiment 'nope' is not in the store; known: grid, other")]
    [InlineData("/api/experiments/grid/points?version=7", 404, "experiment 'grid' version 7 is not in the store")]
    [InlineData("/api/experiments/grid/trials?sort=p:colour", 400, "sort 'p:colour' is not a parameter of grid v1; use one of p:activation, p:learning_rate")]
    [InlineData("/api/experiments/grid?version=abc", 400, "version 'abc' is not allowed; use a whole number from 1")]
    [InlineData("/api/experiments/grid/curves?version=0", 400, "version '0' is not allowed")]
    [InlineData("/api/trials/999999", 404, "trial 999999 is not in the store")]
    public async Task Bad_requests_say_what_is_wrong_and_what_is_allowed(string path, int status, string message)
    {
        await using var d = await RunningDashboard.StartAsync(Fill);
        using var response = await d.Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(status, (int)response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error").GetString();
        Assert.Contains(message, error);
    }

    private static List<string> Names(JsonElement page) =>
        [.. page.GetProperty("paramNames").EnumerateArray().Select(n => n.GetString()!)];
}
