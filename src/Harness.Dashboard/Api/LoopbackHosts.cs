using Microsoft.AspNetCore.Http;

namespace Harness.Dashboard.Api;

/// <summary>
/// On a dashboard that listens on the loopback address only, answers only requests addressed to this machine by
/// name (localhost, 127.0.0.1, [::1], any port): a page elsewhere that points its own host name at 127.0.0.1 (DNS
/// rebinding) gets 421 instead of the store's data. A dashboard on other interfaces (--host) takes every name.
/// </summary>
internal static class LoopbackHosts
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "[::1]", "::1" };

    public static Task Apply(HttpContext context, Func<Task> next)
    {
        var host = context.Request.Host.Host;
        if (Names.Contains(host)) return next();
        context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(
            $"this dashboard listens on this machine only and answers to localhost, 127.0.0.1 or [::1], not '{host}'; " +
            "start it with --host 0.0.0.0 to serve other names and machines");
    }
}
