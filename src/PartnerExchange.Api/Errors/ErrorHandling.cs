using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace PartnerExchange.Api.Errors;

/// <summary>Every error leaves as RFC 9457 problem details with a stable type and the trace id; no stack trace ever does.</summary>
public static class ErrorHandling
{
    public static IServiceCollection AddErrorHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                problem.Type = problem is HttpValidationProblemDetails ? ProblemTypes.Validation : ProblemTypes.ForStatus(status);
            }

            problem.Instance ??= context.HttpContext.Request.Path;
        });
        services.AddExceptionHandler<ExceptionToProblem>();
        // Binding failures (malformed JSON, wrong content type) throw so that the handler can explain them.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => options.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow);
        return services;
    }

    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimit>();
        return app;
    }

    private sealed class ExceptionToProblem(IProblemDetailsService problems, ILogger<ExceptionToProblem> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            var problem = exception switch
            {
                BadHttpRequestException { InnerException: JsonException json } => new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Type = ProblemTypes.MalformedJson,
                    Title = "The request body is not valid JSON for this operation.",
                    Detail = DescribeJsonError(json),
                },
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Type = ProblemTypes.PayloadTooLarge,
                    Title = "The request body is too large.",
                },
                BadHttpRequestException bad => new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Type = ProblemTypes.ForStatus(bad.StatusCode),
                    Title = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "The request body must be application/json." : "The request is invalid.",
                    Detail = bad.Message,
                },
                _ => null,
            };

            if (problem is null)
            {
                logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Type = ProblemTypes.Internal,
                    Title = "An unexpected error occurred.",
                    Detail = "The error was logged with the trace id of this response.",
                };
            }

            context.Response.StatusCode = problem.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
        }

        private static string DescribeJsonError(JsonException json)
        {
            var where = json.LineNumber is { } line
                ? $" at line {line + 1}, position {json.BytePositionInLine ?? 0}"
                : "";
            var path = string.IsNullOrEmpty(json.Path) ? "" : $" (path {json.Path})";
            var reason = json.Message.Split(" Path:", 2)[0];
            return $"{reason}{path}{where}";
        }
    }

    /// <summary>
    /// Refuses bodies over the configured size with 413 before they are read; Kestrel enforces the
    /// same limit on bodies sent without a length.
    /// </summary>
    private sealed class RequestBodyLimit(RequestDelegate next, Microsoft.Extensions.Options.IOptions<ApiOptions> options)
    {
        public async Task InvokeAsync(HttpContext context)
        {
            var limit = options.Value.MaxRequestBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge,
                    "The request body is too large.", $"Request bodies are limited to {limit} bytes.");
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            await next(context);
        }
    }
}
