using Microsoft.AspNetCore.Http;

namespace Harness.Dashboard.Api;

/// <summary>
/// Polling without resending what the browser has: a response carries its stamp as ETag; a request whose
/// If-None-Match or <c>since</c> query value equals the current stamp gets 304 Not Modified with no body.
/// </summary>
internal static class Stamped
{
    public static IResult Json(HttpContext context, string stamp, Func<object> body)
    {
        var etag = $"\"{stamp}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        var request = context.Request;
        if (request.Query["since"] == stamp || request.Headers.IfNoneMatch.Contains(etag))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Json(body());
    }

    /// <summary>400 or 404 with {"error": message}.</summary>
    public static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
