using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LstmActors.Web.Access;

/// <summary>
/// Refuses with 401 every request without the token, taken from <c>Authorization: Bearer</c>, <c>?token=</c> or the
/// cookie a <c>?token=</c> request is given (so a browser's later requests, the Orleans Dashboard's included, pass).
/// The liveness and readiness probes pass without it: orchestrators do not carry secrets.
/// </summary>
internal sealed class TokenGate(string token)
{
    /// <summary>The cookie holding the token after a <c>?token=</c> request.</summary>
    public const string Cookie = "lstmactors_token";

    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health/live") || path.StartsWithSegments("/health/ready"))
        {
            await next(context);
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        var query = context.Request.Query["token"].ToString();
        if (Matches(header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null)
            || Matches(context.Request.Cookies[Cookie]))
        {
            await next(context);
            return;
        }
        if (Matches(query))
        {
            context.Response.Cookies.Append(Cookie, query, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.Response.WriteAsync("401: this silo's web app needs its token (Authorization: Bearer <token>, or ?token=<token>)\n");
    }

    /// <summary>Compared in constant time, so the answer's timing does not tell how much of a guess was right.</summary>
    private bool Matches(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);
}
