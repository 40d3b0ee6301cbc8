using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartnerExchange.Api.Errors;
using PartnerExchange.Data.Clients;
using PartnerExchange.Domain.Auth;

namespace PartnerExchange.Api.Auth;

/// <summary>
/// Validates bearer tokens (from the embedded server or an external issuer) and maps each scope
/// to an authorization policy of the same name.
/// </summary>
public static class ResourceServer
{
    public static IServiceCollection AddResourceServer(this IServiceCollection services, AuthOptions auth)
    {
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>((options, provider) => Configure(options, auth, provider));

        services.AddAuthorization(options =>
        {
            foreach (var (name, scopes) in Policies.Scopes)
            {
                options.AddPolicy(name, policy => policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scopes)));
            }
        });
        services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }

    private static void Configure(JwtBearerOptions options, AuthOptions auth, IServiceProvider provider)
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = AuthOptions.Audience,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = "sub",
        };

        if (auth.IsExternal)
        {
            options.Authority = auth.Authority;
            options.RequireHttpsMetadata = !auth.AllowHttp;
        }
        else
        {
            var keys = provider.GetRequiredService<SigningKeys>();
            var accessor = provider.GetRequiredService<IHttpContextAccessor>();
            options.TokenValidationParameters.ValidTypes = ["at+jwt", "application/at+jwt"];
            options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => [keys.Key];
            if (!string.IsNullOrWhiteSpace(auth.Issuer))
            {
                options.TokenValidationParameters.ValidIssuers = [auth.Issuer.TrimEnd('/'), auth.Issuer.TrimEnd('/') + "/"];
            }
            else
            {
                // Without a configured issuer the embedded server names itself after the request's base address.
                options.TokenValidationParameters.IssuerValidator = (issuer, _, _) =>
                {
                    var request = accessor.HttpContext?.Request;
                    var expected = request is null ? null : $"{request.Scheme}://{request.Host}{request.PathBase}";
                    if (expected is not null && issuer.TrimEnd('/').Equals(expected.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
                    {
                        return issuer;
                    }

                    throw new SecurityTokenInvalidIssuerException("The token was issued by another server.");
                };
            }
        }

        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                // Tokens in URLs leak into logs and histories: only the Authorization header is accepted.
                if (context.Request.Query.ContainsKey("access_token"))
                {
                    context.Fail("Access tokens are accepted only in the Authorization header.");
                }

                return Task.CompletedTask;
            },
            OnTokenValidated = context => auth.IsExternal ? Task.CompletedTask : CheckClientIsActive(context),
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var hasToken = context.Request.Headers.Authorization.Count > 0 || context.AuthenticateFailure is not null;
                context.Response.Headers.WWWAuthenticate = hasToken
                    ? $"Bearer error=\"invalid_token\", error_description=\"{Describe(context.AuthenticateFailure)}\""
                    : "Bearer";
                await Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized,
                    "Unauthorized", hasToken ? Describe(context.AuthenticateFailure) : "A bearer token is required in the Authorization header.");
            },
        };
    }

    /// <summary>A deleted or disabled client's tokens stop working within the cache duration (≤ 60 s).</summary>
    private static async Task CheckClientIsActive(TokenValidatedContext context)
    {
        var clientId = context.Principal?.FindFirst(PxClaims.ClientId)?.Value;
        if (clientId is null)
        {
            context.Fail("The token names no client.");
            return;
        }

        var services = context.HttpContext.RequestServices;
        var cache = services.GetRequiredService<IMemoryCache>();
        var ttl = services.GetRequiredService<IOptions<AuthOptions>>().Value.ClientStatusCacheDuration;
        var status = await cache.GetOrCreateAsync("client-status:" + clientId, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = ttl <= TimeSpan.Zero ? TimeSpan.FromTicks(1) : ttl;
            return await services.GetRequiredService<ClientsData>().GetStatusAsync(clientId, context.HttpContext.RequestAborted) ?? "deleted";
        });
        if (status != ClientStatus.Active)
        {
            context.Fail("The client of this token is disabled or deleted.");
        }
    }

    private static string Describe(Exception? failure) => failure switch
    {
        null => "The access token is invalid.",
        SecurityTokenExpiredException => "The access token has expired.",
        SecurityTokenInvalidAudienceException => "The access token is not meant for this API.",
        SecurityTokenInvalidIssuerException => "The access token was issued by an untrusted issuer.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The access token signature is invalid.",
        SecurityTokenInvalidTypeException => "The token is not an access token.",
        SecurityTokenInvalidAlgorithmException => "The access token algorithm is not accepted.",
        SecurityTokenMalformedException => "The access token is malformed.",
        _ => failure.Message.Replace('"', '\''),
    };

    /// <summary>Met when the token carries any one of the scopes.</summary>
    private sealed record ScopeRequirement(IReadOnlyList<string> AnyOf) : IAuthorizationRequirement;

    private sealed class ScopeRequirementHandler : AuthorizationHandler<ScopeRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
        {
            if (Caller.From(context.User).Scopes.Overlaps(requirement.AnyOf))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Answers a missing scope with 403 <c>insufficient_scope</c> in problem details.</summary>
    private sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (authorizeResult.Forbidden)
            {
                var needed = policy.Requirements.OfType<ScopeRequirement>().SelectMany(r => r.AnyOf).ToList();
                context.Response.Headers.WWWAuthenticate =
                    $"Bearer error=\"insufficient_scope\", error_description=\"The token lacks a required scope.\", scope=\"{string.Join(' ', needed)}\"";
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, ProblemTypes.InsufficientScope,
                    "Insufficient scope", needed.Count == 1 ? $"This operation requires the scope {needed[0]}." : $"This operation requires one of the scopes: {string.Join(' ', needed)}.");
                return;
            }

            await _default.HandleAsync(next, context, policy, authorizeResult);
        }
    }
}
