using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Errors;

/// <summary>Builds the problem-details answers shared by the features.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.NotFound);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: ProblemTypes.Conflict);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: ProblemTypes.Forbidden);

    public static ProblemHttpResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: type, extensions: extensions);

    public static ValidationProblem Validation(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is invalid.", type: ProblemTypes.Validation);

    public static ValidationProblem Validation(string field, string message) => Validation(new ValidationErrors().Add(field, message));

    /// <summary>Writes a problem outside an endpoint (authentication, rate limiting, middleware).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        });
    }
}
