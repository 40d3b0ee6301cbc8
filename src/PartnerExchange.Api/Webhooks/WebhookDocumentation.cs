using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using PartnerExchange.Api.Contracts;
using PartnerExchange.Api.Customers;
using PartnerExchange.Api.Signals;
using PartnerExchange.Domain.Webhooks;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PartnerExchange.Api.Webhooks;

/// <summary>The data of <c>signal.deleted</c>: what identified the deleted signal.</summary>
/// <param name="Id">The signal's server id.</param>
/// <param name="ExternalId">The publisher's id for it.</param>
/// <param name="Type">Its signal type.</param>
/// <param name="CustomerId">The customer it was about.</param>
public sealed record SignalDeletedData(string Id, string ExternalId, string Type, string CustomerId);

/// <summary>The data of <c>reciprocity.paused</c> and <c>reciprocity.resumed</c>.</summary>
/// <param name="PartnershipId">The partnership.</param>
/// <param name="Status"><c>paused</c> or <c>met</c>.</param>
/// <param name="Compliance">The partner's compliance when it changed.</param>
/// <param name="MinimumCompliance">The contract's minimum.</param>
/// <param name="BelowSince">Since when compliance was below the minimum (paused only).</param>
/// <param name="PausedAt">Since when the vendor's data is paused (paused only).</param>
/// <param name="At">When it was observed.</param>
public sealed record ReciprocityEventData(
    string PartnershipId, string Status, double Compliance, double MinimumCompliance, DateTimeOffset? BelowSince, DateTimeOffset? PausedAt, DateTimeOffset At);

/// <param name="Id">The model version's id.</param>
/// <param name="Key">The model's key.</param>
/// <param name="Version">The version.</param>
public sealed record ScoreChangedModel(string Id, string Key, int Version);

/// <summary>The data of <c>score.changed</c>: the tier changed or the score moved by at least one point.</summary>
/// <param name="PartnershipId">The partnership.</param>
/// <param name="VendorId">The program's vendor.</param>
/// <param name="Score">The new score (null without enough data).</param>
/// <param name="Tier">The new tier.</param>
/// <param name="PreviousScore">The score last reported (null the first time).</param>
/// <param name="PreviousTier">The tier last reported.</param>
/// <param name="Model">The model scored with.</param>
/// <param name="AsOf">When it was scored.</param>
public sealed record ScoreChangedData(
    string PartnershipId, string VendorId, double? Score, string? Tier, double? PreviousScore, string? PreviousTier, ScoreChangedModel Model, DateTimeOffset AsOf);

/// <summary>
/// Describes the webhooks in the OpenAPI document: each event's body schema under <c>x-webhooks</c> (OpenAPI 3.0 has
/// no <c>webhooks</c> section; tools such as Redoc read the extension), and the delivery rules on the Webhooks tag.
/// </summary>
public sealed class WebhookDocumentation : IDocumentFilter
{
    private static readonly (string Event, Type Data, string Summary)[] s_events =
    [
        (WebhookEvents.SignalPublished, typeof(SignalResponse), "A signal the receiver may see was published or updated (vendor signals cut to the entitled fields)."),
        (WebhookEvents.SignalDeleted, typeof(SignalDeletedData), "A signal the receiver could see was deleted."),
        (WebhookEvents.CustomerLinkRequested, typeof(LinkResponse), "A partner claimed a customer (pending the vendor's decision)."),
        (WebhookEvents.CustomerLinked, typeof(LinkResponse), "A customer was linked to the partnership (assigned or approved)."),
        (WebhookEvents.ContractProposed, typeof(ContractResponse), "A contract version was proposed."),
        (WebhookEvents.ContractActivated, typeof(ContractResponse), "A contract version became active."),
        (WebhookEvents.ContractTerminated, typeof(ContractResponse), "The active contract version was terminated."),
        (WebhookEvents.ReciprocityPaused, typeof(ReciprocityEventData), "The partner's entitlements paused: compliance stayed below the minimum past the grace period."),
        (WebhookEvents.ReciprocityResumed, typeof(ReciprocityEventData), "The partner's entitlements resumed: compliance recovered."),
        (WebhookEvents.ScoreChanged, typeof(ScoreChangedData), "A partnership's score moved by a point or more, or its tier changed."),
    ];

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var webhooks = new JsonObject();
        foreach (var (name, data, summary) in s_events)
        {
            var schema = context.SchemaGenerator.GenerateSchema(data, context.SchemaRepository);
            webhooks[name] = new JsonObject
            {
                ["post"] = new JsonObject
                {
                    ["summary"] = summary,
                    ["requestBody"] = new JsonObject
                    {
                        ["required"] = true,
                        ["content"] = new JsonObject
                        {
                            ["application/json"] = new JsonObject
                            {
                                ["schema"] = new JsonObject
                                {
                                    ["type"] = "object",
                                    ["required"] = new JsonArray("type", "timestamp", "data"),
                                    ["properties"] = new JsonObject
                                    {
                                        ["type"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(name) },
                                        ["timestamp"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                                        ["data"] = new JsonObject { ["$ref"] = $"#/components/schemas/{ReferenceId(schema)}" },
                                    },
                                },
                            },
                        },
                    },
                    ["responses"] = new JsonObject
                    {
                        ["2XX"] = new JsonObject { ["description"] = "Received. Any other answer is retried on the schedule; 410 disables the subscription." },
                    },
                },
            };
        }

        document.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        document.Extensions["x-webhooks"] = new JsonNodeExtension(webhooks);
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag
        {
            Name = "Webhooks",
            Description =
                "Deliveries follow the Standard Webhooks specification: POST with headers webhook-id (stable across retries), " +
                "webhook-timestamp (Unix seconds) and webhook-signature (v1,<base64 HMAC-SHA256 of \"id.timestamp.body\"> per secret; two " +
                "for 24 h after a rotation). Body: {type, timestamp, data}; the schemas of every event are under x-webhooks. " +
                "Retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h (±10 % jitter; Retry-After honoured on 429/503), " +
                "15 s timeout, no redirects followed; 410 or the last failure disables the subscription.",
        });
    }

    private static string ReferenceId(IOpenApiSchema schema) =>
        schema is OpenApiSchemaReference reference ? reference.Reference.Id! : throw new InvalidOperationException("Event data schemas are records with a reference id.");
}
