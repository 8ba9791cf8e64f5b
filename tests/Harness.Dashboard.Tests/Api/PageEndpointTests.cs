using System.Net;
using Harness.Dashboard.Tests.Support;

namespace Harness.Dashboard.Tests.Api;

/// <summary>Pages and embedded assets: served from the assembly with their types and a strict content security policy.</summary>
public sealed class PageEndpointTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/experiments/grid")]
    [InlineData("/trials/12")]
    [InlineData("/compare?a=x&b=y")]
    public async Task Every_page_route_serves_the_page_with_a_script_policy(string path)
    {
        await using var d = await RunningDashboard.StartAsync();
        using var response = await d.Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"/assets/app.js\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("[::1]", HttpStatusCode.OK)]
    [InlineData("evil.example", HttpStatusCode.MisdirectedRequest)]
    public async Task A_loopback_dashboard_answers_only_to_this_machines_names(string host, HttpStatusCode expected)
    {
        // A page whose own name is pointed at 127.0.0.1 (DNS rebinding) sends its name as Host: it gets no data.
        await using var d = await RunningDashboard.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/experiments");
        request.Headers.Host = $"{host}:{d.Http.BaseAddress!.Port}";
        using var response = await d.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
            Assert.Contains("answers to localhost, 127.0.0.1 or [::1], not 'evil.example'; start it with --host 0.0.0.0",
                await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/assets/app.js", "text/javascript", "function h(tag")]
    [InlineData("/assets/plots.js", "text/javascript", "const Plots")]
    [InlineData("/assets/app.css", "text/css", "th[data-key]")]
    [InlineData("/assets/echarts.min.js", "text/javascript", "Licensed to the Apache Software Foundation")]
    [InlineData("/assets/echarts-LICENSE.txt", "text/plain", "Apache License")]
    [InlineData("/assets/echarts-NOTICE.txt", "text/plain", "Apache ECharts")]
    public async Task Assets_come_from_the_assembly_with_their_type(string path, string type, string content)
    {
        await using var d = await RunningDashboard.StartAsync();
        using var response = await d.Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/assets/nothing.js")]
    [InlineData("/assets/..%2Fharness.db")]
    [InlineData("/experiments/a/b")]
    public async Task Unknown_paths_are_404(string path)
    {
        await using var d = await RunningDashboard.StartAsync();
        using var response = await d.Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_taken_port_is_refused_naming_it()
    {
        await using var d = await RunningDashboard.StartAsync();
        using var store = Harness.Store.LiteDbExperimentStore.InMemory();
        var ex = await Assert.ThrowsAsync<IOException>(() => DashboardHost.StartAsync(store, new DashboardOptions { Port = d.Host.Url.Port }, TestContext.Current.CancellationToken));
        Assert.Contains($":{d.Host.Url.Port}", ex.Message);
        Assert.Contains("pass another --port", ex.Message);
    }
}
