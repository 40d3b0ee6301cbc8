using System.Security.Cryptography;
using System.Text;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Data.Idempotency;

namespace PartnerExchange.Api.Infrastructure;

/// <summary>Marks an endpoint that honours <c>Idempotency-Key</c> (the OpenAPI document lists the header on it).</summary>
public sealed class IdempotentEndpoint;

/// <summary>
/// <c>Idempotency-Key</c> (≤ 255 characters, per client, kept 24 h): the first response to a key is stored and
/// replayed for the same request; the same key with another request answers 422; a key whose first request is
/// still running answers 409. A request that fails with an exception frees its key.
/// </summary>
public sealed class IdempotencyFilter(IdempotencyData data, TimeProvider clock) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan s_keep = TimeSpan.FromHours(24);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            return await next(context);
        }

        if (key.Length > 255)
        {
            return Problems.Validation(Header, "Idempotency-Key must be at most 255 characters.");
        }

        var clientId = Caller.From(http.User).ClientId;
        var hash = await HashAsync(http.Request);
        var existing = await data.TryClaimAsync(clientId, key, hash, clock.GetUtcNow(), s_keep, http.RequestAborted);
        if (existing is not null)
        {
            return existing switch
            {
                { Status: "running" } => Problems.Problem(StatusCodes.Status409Conflict, ProblemTypes.IdempotencyKeyInUse,
                    "Request in progress", "The first request with this Idempotency-Key is still running; retry later."),
                _ when existing.RequestHash != hash => Problems.Problem(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
                    "Idempotency-Key reused", "This Idempotency-Key was used with a different request; use a new key for a new request."),
                _ => Replay(http, existing),
            };
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await data.ReleaseAsync(clientId, key);
            throw;
        }

        if (result is not IResult executable)
        {
            await data.ReleaseAsync(clientId, key);
            return result;
        }

        // Write the response here, into a copy as well, so that a replay is exactly what this client received.
        var original = http.Response.Body;
        using var copy = new MemoryStream();
        http.Response.Body = copy;
        try
        {
            await executable.ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        copy.Position = 0;
        await copy.CopyToAsync(original, http.RequestAborted);
        await data.CompleteAsync(clientId, key, http.Response.StatusCode, Encoding.UTF8.GetString(copy.ToArray()), http.RequestAborted);
        return Results.Empty;
    }

    private static IResult Replay(HttpContext http, IdempotencyRecord record)
    {
        http.Response.Headers["Idempotent-Replayed"] = "true";
        var status = record.ResponseStatus ?? StatusCodes.Status200OK;
        return Results.Text(record.ResponseBody ?? "", status >= 400 ? "application/problem+json" : "application/json", Encoding.UTF8, status);
    }

    /// <summary>Method, path, query and body: the same key may only ever mean this one request.</summary>
    private static async Task<string> HashAsync(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

public static class IdempotencySetup
{
    /// <summary>Honours Idempotency-Key on this endpoint.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter>().WithMetadata(new IdempotentEndpoint());

    /// <summary>Keeps bodies of requests that carry an Idempotency-Key readable again, so the filter can hash them.</summary>
    public static WebApplication UseIdempotencyBuffering(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(IdempotencyFilter.Header))
            {
                context.Request.EnableBuffering();
            }

            return next(context);
        });
        return app;
    }
}
