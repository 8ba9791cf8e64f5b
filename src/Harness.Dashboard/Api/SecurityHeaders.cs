using Microsoft.AspNetCore.Http;

namespace Harness.Dashboard.Api;

/// <summary>
/// Headers on every response: scripts only from this server (no inline script, so text from the store can never run
/// even if it reached the page as markup), no framing, no content sniffing. Inline styles stay allowed for the charts.
/// </summary>
internal static class SecurityHeaders
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static Task Apply(HttpContext context, Func<Task> next)
    {
        var h = context.Response.Headers;
        h.ContentSecurityPolicy = Policy;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        return next();
    }
}
