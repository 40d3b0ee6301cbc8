using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PartnerExchange.Api.Auth;
using PartnerExchange.Data.Audit;

namespace PartnerExchange.Api.Audit;

/// <summary>
/// Writes an audit record for every read or write of exchange data (DESIGN §3): actor party, client, action,
/// resource, partnership, record count, request id and time, plus the parties whose data it touched.
/// </summary>
public sealed class AuditFilter(AuditData audit, TimeProvider clock, IOptions<JsonOptions> json) : IEndpointFilter
{
    private const string SubjectsKey = "px:audit-subjects";
    private const string SubjectsCompleteKey = "px:audit-subjects-complete";

    /// <summary>Records that this request touched the data of these parties (for writes whose response does not name them).</summary>
    public static void Touch(HttpContext context, params IEnumerable<string?> parties)
    {
        if (context.Items[SubjectsKey] is not HashSet<string> subjects)
        {
            subjects = new HashSet<string>(StringComparer.Ordinal);
            context.Items[SubjectsKey] = subjects;
        }

        subjects.UnionWith(parties.OfType<string>());
    }

    /// <summary>
    /// Records every party whose data the response carries, so that the filter need not search the response for them
    /// (a large page, such as the feed's, would otherwise be serialized a second time).
    /// </summary>
    public static void TouchAll(HttpContext context, IEnumerable<string?> parties)
    {
        Touch(context, parties);
        context.Items[SubjectsCompleteKey] = true;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        var status = http.Response.HasStarted ? http.Response.StatusCode : (inner as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var value = status < 300 ? (inner as IValueHttpResult)?.Value : null;

        var subjects = http.Items[SubjectsKey] as HashSet<string> ?? new HashSet<string>(StringComparer.Ordinal);
        if (value is not null && http.Items[SubjectsCompleteKey] is not true)
        {
            CollectParties(JsonSerializer.SerializeToElement(value, value.GetType(), json.Value.SerializerOptions), subjects, depth: 0);
        }

        var caller = Caller.From(http.User);
        var route = http.Request.RouteValues;
        var customerId = route["customerId"] as string
            ?? (http.Request.Path.StartsWithSegments("/v1/customers") ? route["id"] as string : null);
        var resource = http.Request.Path.Value ?? "";
        if (customerId is not null && status < 300 && HttpMethods.IsDelete(http.Request.Method) && http.Request.Path.StartsWithSegments("/v1/customers"))
        {
            // The record of an erasure keeps that it happened, not whom it erased.
            resource = resource.Replace(customerId, "[erased]", StringComparison.Ordinal);
            customerId = null;
        }

        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.Replace("{version:apiVersion}", "1", StringComparison.Ordinal) ?? http.Request.Path;
        var record = new AuditRow
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()).ToString(),
            ActorParty = caller.PartyId,
            ClientId = caller.ClientId,
            Action = $"{http.Request.Method} {pattern}",
            Resource = resource,
            Status = status,
            PartnershipId = route["partnershipId"] as string,
            CustomerId = customerId,
            RecordCount = status >= 300 ? 0 : value switch
            {
                Infrastructure.ICountedResult counted => counted.RecordCount,
                _ => 1,
            },
            RequestId = http.TraceIdentifier,
            OccurredAt = clock.GetUtcNow(),
        };
        subjects.Remove(caller.PartyId ?? "");
        await audit.WriteAsync(record, subjects, http.RequestAborted);
        return result;
    }

    /// <summary>The vendors and publishers named in a response: the parties whose data it carried.</summary>
    private static void CollectParties(JsonElement element, HashSet<string> parties, int depth)
    {
        if (depth > 6)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name is "vendorId" or "publisher" && property.Value.ValueKind == JsonValueKind.String)
                {
                    parties.Add(property.Value.GetString()!);
                }
                else if (property.Name != "payload")
                {
                    CollectParties(property.Value, parties, depth + 1);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                CollectParties(item, parties, depth + 1);
            }
        }
    }
}
