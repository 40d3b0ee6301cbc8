using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Customers;
using PartnerExchange.Data.Feed;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Customers;

/// <summary>The vendor's customers: the vendor writes them; a partner reads only those linked to it and approved.</summary>
public static class CustomersApi
{
    public const int MaxBatch = 1000;

    public static IEndpointRouteBuilder MapCustomers(this IEndpointRouteBuilder app)
    {
        var group = app.NewVersionedApi("Customers").MapGroup("/v{version:apiVersion}/customers")
            .HasApiVersion(1.0).WithTags("Customers").RequireAuthorization()
            .AddEndpointFilter<Audit.AuditFilter>();

        group.MapGet("/", ListCustomers).RequireAuthorization(Scopes.ExchangeRead);
        group.MapGet("/{id}", GetCustomer).RequireAuthorization(Scopes.ExchangeRead);
        group.MapPut("/{id}", PutCustomer).RequireAuthorization(Scopes.ExchangeWrite);
        group.MapPost("/batch", PutCustomers).RequireAuthorization(Scopes.ExchangeWrite).Idempotent();
        group.MapDelete("/{id}", EraseCustomer).RequireAuthorization(Scopes.ExchangeWrite);
        return app;
    }

    /// <summary>
    /// Lists customers: the vendor its whole book (filters <c>segment</c>, <c>region</c>, <c>updatedSince</c>),
    /// a partner only customers approved for one of its partnerships.
    /// </summary>
    public static async Task<Results<Ok<Page<CustomerResponse>>, ValidationProblem>> ListCustomers(
        ClaimsPrincipal user, CustomersData customers, string? segment, string? region, DateTimeOffset? updatedSince, int? limit, string? cursor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var caller = Caller.From(user);
        var filter = new CustomerFilter(segment, region, updatedSince);
        if (caller.PartyKind == PartyKind.Vendor)
        {
            var rows = await customers.ListForVendorAsync(caller.PartyId!, filter, page.After, page.FetchLimit, ct);
            return TypedResults.Ok(page.ToPage(rows, r => r.CustomerId, CustomerResponse.From));
        }

        var after = page.After.Split('\n', 2);
        var partnerRows = await customers.ListForPartnerAsync(caller.PartyId ?? "", filter, after[0], after.Length > 1 ? after[1] : "", page.FetchLimit, ct);
        return TypedResults.Ok(page.ToPage(partnerRows, r => $"{r.VendorId}\n{r.CustomerId}", CustomerResponse.From));
    }

    /// <summary>Reads a customer. A partner with several vendors names the vendor with <c>vendorId</c> when two of them use the same id.</summary>
    public static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> GetCustomer(
        string id, string? vendorId, ClaimsPrincipal user, CustomersData customers, CancellationToken ct)
    {
        var caller = Caller.From(user);
        IReadOnlyList<CustomerRow> matches = caller.PartyKind == PartyKind.Vendor
            ? await customers.GetAsync(caller.PartyId!, id, ct) is { } own ? [own] : []
            : (await customers.GetForPartnerAsync(caller.PartyId ?? "", id, ct)).Where(c => vendorId is null || c.VendorId == vendorId).ToList();
        return matches switch
        {
            [var one] => TypedResults.Ok(CustomerResponse.From(one)),
            [] => Problems.NotFound($"No customer '{id}'."),
            _ => Problems.Problem(StatusCodes.Status400BadRequest, ProblemTypes.Validation, "Ambiguous customer",
                $"Several of your vendors have a customer '{id}': name one with ?vendorId= ({string.Join(", ", matches.Select(m => m.VendorId))})."),
        };
    }

    /// <summary>Creates (201) or updates (200) one customer (vendors only).</summary>
    public static async Task<Results<Created<CustomerResponse>, Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult>> PutCustomer(
        string id, CustomerRequest request, ClaimsPrincipal user, CustomersData customers, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (caller.PartyKind != PartyKind.Vendor)
        {
            return Problems.Forbidden("Only the vendor writes its customers.");
        }

        var errors = new ValidationErrors();
        errors.Require(CustomerRules.IsCustomerId(id), "id", "id must be 1–100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit.");
        CustomerRules.Validate(request.Name, request.Domain, request.Segment, request.Region, errors);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var row = new CustomerRow { VendorId = caller.PartyId!, CustomerId = id, Name = request.Name!.Trim(), Domain = request.Domain, Segment = request.Segment, Region = request.Region };
        var (outcome, stored) = (await customers.UpsertAsync([row], Changed, clock.GetUtcNow(), ct))[0];
        var response = CustomerResponse.From(stored);
        return outcome == UpsertOutcome.Created ? TypedResults.Created($"/v1/customers/{id}", response) : TypedResults.Ok(response);
    }

    /// <summary>Creates or updates up to 1,000 customers (vendors only); each item is reported on its own.</summary>
    public static async Task<Results<Ok<BatchResponse>, ValidationProblem, ProblemHttpResult>> PutCustomers(
        CustomerBatchRequest request, ClaimsPrincipal user, CustomersData customers, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (caller.PartyKind != PartyKind.Vendor)
        {
            return Problems.Forbidden("Only the vendor writes its customers.");
        }

        if (request.Customers is not { Count: > 0 } items)
        {
            return Problems.Validation("customers", "customers must list at least one customer.");
        }

        if (items.Count > MaxBatch)
        {
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "Batch too large", $"A batch holds at most {MaxBatch} customers.");
        }

        var results = new BatchItemResult?[items.Count];
        var valid = new List<(int Index, CustomerRow Row)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var errors = new ValidationErrors();
            errors.Require(CustomerRules.IsCustomerId(item.Id), "id", "id must be 1–100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit.");
            errors.Require(item.Id is null || seen.Add(item.Id), "id", "the same id appears earlier in this batch.");
            CustomerRules.Validate(item.Name, item.Domain, item.Segment, item.Region, errors);
            if (errors.IsValid)
            {
                valid.Add((i, new CustomerRow { VendorId = caller.PartyId!, CustomerId = item.Id!, Name = item.Name!.Trim(), Domain = item.Domain, Segment = item.Segment, Region = item.Region }));
            }
            else
            {
                results[i] = new BatchItemResult(i, item.Id, "rejected", errors.ToDictionary());
            }
        }

        if (valid.Count > 0)
        {
            var stored = await customers.UpsertAsync(valid.Select(v => v.Row).ToList(), Changed, clock.GetUtcNow(), ct);
            for (var k = 0; k < valid.Count; k++)
            {
                results[valid[k].Index] = new BatchItemResult(valid[k].Index, valid[k].Row.CustomerId, stored[k].Outcome.ToString().ToLowerInvariant(), null);
            }
        }

        return TypedResults.Ok(new BatchResponse(valid.Count, items.Count - valid.Count, results.Select(r => r!).ToList()));
    }

    /// <summary>
    /// Erases a customer (vendors only): the customer, its links and every signal about it from every publisher, in
    /// one transaction, including the feed's copies of its data. The feed keeps tombstones: one for the vendor, one
    /// per partnership that was linked to the customer (so partners can erase their copies), and one per signal.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> EraseCustomer(
        string id, ClaimsPrincipal user, CustomersData customers, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (caller.PartyKind != PartyKind.Vendor)
        {
            return Problems.NotFound($"No customer '{id}'.");
        }

        var vendorId = caller.PartyId!;
        var erased = await customers.EraseAsync(vendorId, id, (signals, partnerships) =>
        {
            var data = JsonSerializer.Serialize(new { id, vendorId }, ApiJson.Web);
            var tombstones = new List<Change> { new("customer", "delete", $"{vendorId}/{id}", vendorId, null) { CustomerId = id, Data = data } };
            tombstones.AddRange(partnerships.Distinct().Select(p => new Change("customer", "delete", $"{vendorId}/{id}", vendorId, p) { CustomerId = id, Data = data }));
            tombstones.AddRange(signals.Select(s => new Change("signal", "delete", s.Id, vendorId, s.PartnershipId)
            {
                CustomerId = id,
                PublisherId = s.PublisherId,
                TypeKey = s.TypeKey,
                OccurredAt = s.OccurredAt,
                Data = JsonSerializer.Serialize(new { id = s.Id, customerId = id }, ApiJson.Web),
            }));
            return tombstones;
        }, clock.GetUtcNow(), ct);
        return erased ? TypedResults.NoContent() : Problems.NotFound($"No customer '{id}'.");
    }

    private static Change Changed(CustomerRow row) => new("customer", "upsert", $"{row.VendorId}/{row.CustomerId}", row.VendorId, null)
    {
        CustomerId = row.CustomerId,
        Data = JsonSerializer.Serialize(CustomerResponse.From(row), ApiJson.Web),
    };
}
