using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Harness.Dashboard.Api;

/// <summary>
/// The pages and their assets, all embedded in this assembly: every page route returns index.html (app.js draws the
/// page the path names), /assets/NAME the embedded file. Nothing is read from disk, nothing from the network.
/// </summary>
internal static class PageEndpoints
{
    /// <summary>The page routes: experiment list, one experiment, one trial, two experiments side by side.</summary>
    public static readonly string[] Pages = ["/", "/experiments/{name}", "/trials/{id:long}", "/compare"];

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var page in Pages) app.MapGet(page, () => Asset("index.html"));
        app.MapGet("/assets/{file}", (string file) => Asset(file));
        app.MapGet("/favicon.ico", () => Results.NoContent());
    }

    /// <summary>The embedded asset with its content type, or 404.</summary>
    public static IResult Asset(string file)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("assets/" + file);
        if (stream is null || !Types.TryGetValue(Path.GetExtension(file), out var type))
        {
            stream?.Dispose();
            return Results.NotFound();
        }
        return Results.Stream(stream, type);
    }
}
