using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.SignalTypes;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Signals;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.SignalTypes;

/// <summary>The signal-type catalogue: built-in types and vendor-defined <c>x-</c> types.</summary>
public static class SignalTypesApi
{
    public static IEndpointRouteBuilder MapSignalTypes(this IEndpointRouteBuilder app)
    {
        var group = app.NewVersionedApi("SignalTypes").MapGroup("/v{version:apiVersion}/signal-types")
            .HasApiVersion(1.0).WithTags("Signal types").RequireAuthorization();

        group.MapGet("/", ListSignalTypes).RequireAuthorization(Policies.ContractsRead);
        group.MapGet("/{key}", GetSignalType).RequireAuthorization(Policies.ContractsRead);
        group.MapPost("/", CreateSignalType).RequireAuthorization(Scopes.ContractsManage);
        group.MapPut("/{key}", ReplaceSignalType).RequireAuthorization(Scopes.ContractsManage);
        group.MapDelete("/{key}", DeleteSignalType).RequireAuthorization(Scopes.ContractsManage);
        return app;
    }

    /// <summary>
    /// Lists the types the caller may use: built-in types, plus a vendor's own types, or for a partner
    /// the types of the vendors it has partnerships with. Ordered by key.
    /// </summary>
    public static async Task<Results<Ok<Page<SignalTypeResponse>>, ValidationProblem>> ListSignalTypes(
        ClaimsPrincipal user, SignalTypesData types, int? limit, string? cursor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var after = page.After.Split('\n', 2);
        var caller = Caller.From(user);
        var rows = await types.ListVisibleAsync(caller.IsOperator ? null : caller.PartyId ?? "", after[0], after.Length > 1 ? after[1] : "", page.FetchLimit, ct);
        return TypedResults.Ok(page.ToPage(rows, r => $"{r.TypeKey}\n{r.OwnerId}", SignalTypeResponse.From));
    }

    /// <summary>Reads one type by key. When two of a partner's vendors define the same <c>x-</c> key, name the vendor with <c>vendorId</c>.</summary>
    public static async Task<Results<Ok<SignalTypeResponse>, ProblemHttpResult>> GetSignalType(
        string key, string? vendorId, ClaimsPrincipal user, SignalTypesData types, CancellationToken ct)
    {
        var caller = Caller.From(user);
        var matches = (await types.FindVisibleAsync(key, caller.IsOperator ? null : caller.PartyId ?? "", ct))
            .Where(t => vendorId is null || t.OwnerId == vendorId || t.OwnerId.Length == 0).ToList();
        return matches switch
        {
            [] => Problems.NotFound($"No signal type '{key}'."),
            [var one] => TypedResults.Ok(SignalTypeResponse.From(one)),
            _ => Problems.Problem(StatusCodes.Status400BadRequest, ProblemTypes.Validation, "Ambiguous signal type",
                $"Several vendors define '{key}': name one with ?vendorId= ({string.Join(", ", matches.Select(m => m.OwnerId))})."),
        };
    }

    /// <summary>Defines a vendor type (vendors only). Its key must start with <c>x-</c>.</summary>
    public static async Task<Results<Created<SignalTypeResponse>, ValidationProblem, ProblemHttpResult>> CreateSignalType(
        SignalTypeRequest request, ClaimsPrincipal user, SignalTypesData types, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (RefuseChange(caller, key: null) is { } refused)
        {
            return refused;
        }

        var errors = new ValidationErrors();
        errors.Require(SignalTypeRules.IsCustomKey(request.Key), "key", "key must start with 'x-' followed by lower-case letters, digits, dots, dashes or underscores (at most 100 characters).");
        var row = Validate(request, caller.PartyId!, request.Key ?? "", clock.GetUtcNow(), errors);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        return await types.InsertAsync(row, ct) == SignalTypeChange.Duplicate
            ? Problems.Conflict($"You already define a signal type '{row.TypeKey}'.")
            : TypedResults.Created($"/v1/signal-types/{row.TypeKey}", SignalTypeResponse.From(row));
    }

    /// <summary>Replaces one of your types; refused with 409 once any contract names it (built-in types never change).</summary>
    public static async Task<Results<Ok<SignalTypeResponse>, ValidationProblem, ProblemHttpResult>> ReplaceSignalType(
        string key, SignalTypeRequest request, ClaimsPrincipal user, SignalTypesData types, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (RefuseChange(caller, key) is { } refused)
        {
            return refused;
        }

        var errors = new ValidationErrors();
        errors.Require(request.Key is null || request.Key == key, "key", "key cannot be changed.");
        var row = Validate(request, caller.PartyId!, key, clock.GetUtcNow(), errors);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var (outcome, before) = await types.ChangeAsync(caller.PartyId!, key, row, ct);
        return outcome switch
        {
            SignalTypeChange.NotFound => Problems.NotFound($"You define no signal type '{key}'."),
            SignalTypeChange.Referenced => InUse(key),
            _ => TypedResults.Ok(SignalTypeResponse.From(row with { CreatedAt = before!.CreatedAt })),
        };
    }

    /// <summary>Deletes one of your types; refused with 409 once any contract names it.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSignalType(
        string key, ClaimsPrincipal user, SignalTypesData types, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (RefuseChange(caller, key) is { } refused)
        {
            return refused;
        }

        return (await types.ChangeAsync(caller.PartyId!, key, null, ct)).Outcome switch
        {
            SignalTypeChange.NotFound => Problems.NotFound($"You define no signal type '{key}'."),
            SignalTypeChange.Referenced => InUse(key),
            _ => TypedResults.NoContent(),
        };
    }

    /// <summary>Only vendors define types, and built-in types never change.</summary>
    private static ProblemHttpResult? RefuseChange(Caller caller, string? key) =>
        caller.PartyKind != PartyKind.Vendor ? Problems.Forbidden("Only vendors define signal types.")
        : key is not null && BuiltInSignalTypes.Find(key) is not null
            ? Problems.Problem(StatusCodes.Status409Conflict, ProblemTypes.SignalTypeInUse, "Built-in type", $"'{key}' is a built-in type and never changes.")
            : null;

    private static ProblemHttpResult InUse(string key) => Problems.Problem(StatusCodes.Status409Conflict, ProblemTypes.SignalTypeInUse,
        "Signal type in use", $"A contract names '{key}', so it can no longer change. Define a new type instead.");

    private static SignalTypeRow Validate(SignalTypeRequest request, string vendorId, string key, DateTimeOffset now, ValidationErrors errors)
    {
        errors.Require(request.Stage is not null && SignalTypeRules.Stages.Contains(request.Stage), "stage", $"stage must be one of: {string.Join(", ", SignalTypeRules.Stages)}.");
        errors.Require(request.Category is not null && SignalTypeRules.Categories.Contains(request.Category), "category", $"category must be one of: {string.Join(", ", SignalTypeRules.Categories)}.");
        errors.Require(request.Publisher is not null && SignalTypeRules.Publishers.Contains(request.Publisher), "publisher", $"publisher must be one of: {string.Join(", ", SignalTypeRules.Publishers)}.");
        errors.Require(request.Description is null || request.Description.Length <= 400, "description", "description must be at most 400 characters.");
        errors.Require(request.Unit is null || request.Unit.Length <= 64, "unit", "unit must be at most 64 characters.");
        if (request.Schema is not { } schema)
        {
            errors.Add("schema", "schema (a JSON Schema of the payload) is required.");
        }
        else
        {
            foreach (var error in SchemaRules.Check(schema))
            {
                errors.Add("schema" + error.Pointer, error.Message);
            }
        }

        var text = request.Schema is { } s ? s.GetRawText() : "{}";
        return new SignalTypeRow(vendorId, key, request.Stage ?? "", request.Category ?? "", request.Publisher ?? "", request.Description, request.Unit, text, now, now);
    }
}
