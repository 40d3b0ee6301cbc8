using System.Net.Sockets;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Webhooks;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Validation;
using PartnerExchange.Domain.Webhooks;

namespace PartnerExchange.Api.Webhooks;

/// <summary>What the webhook endpoints need.</summary>
public sealed record WebhookServices(WebhooksData Data, IOptions<WebhookOptions> Options, TimeProvider Clock);

/// <summary>A new subscription.</summary>
/// <param name="Url">Where to POST: https, resolving only to public addresses.</param>
/// <param name="Events">The event types to receive (at least one; see the README).</param>
/// <param name="Description">What it is for (at most 500 characters).</param>
public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Description);

/// <summary>Changes to a subscription; omitted fields stay as they are.</summary>
/// <param name="Url">A new target.</param>
/// <param name="Events">A new event list.</param>
/// <param name="Description">A new description.</param>
/// <param name="Status"><c>enabled</c> (also after it was disabled by failures) or <c>disabled</c>.</param>
public sealed record UpdateWebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Description, string? Status);

/// <summary>A subscription (never its secret, except once when created or rotated).</summary>
/// <param name="Id">Its id.</param>
/// <param name="Url">Its target.</param>
/// <param name="Events">The event types it receives.</param>
/// <param name="Description">What it is for.</param>
/// <param name="Status"><c>enabled</c> or <c>disabled</c>.</param>
/// <param name="DisabledReason">Why it was disabled (410 Gone, every retry failed, or by its owner).</param>
/// <param name="DisabledAt">When it was disabled.</param>
/// <param name="PreviousSecretExpiresAt">Until when deliveries are also signed with the secret before the last rotation.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Secret">The signing secret (<c>whsec_</c>…): only in the answers to creation and rotation.</param>
public sealed record WebhookResponse(
    string Id, string Url, IReadOnlyList<string> Events, string? Description, string Status, string? DisabledReason, DateTimeOffset? DisabledAt,
    DateTimeOffset? PreviousSecretExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Secret = null);

/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="AttemptedAt">When it was sent.</param>
/// <param name="StatusCode">The receiver's HTTP status, or null without an answer.</param>
/// <param name="Error">What went wrong (timeout, refused address, redirect), or null.</param>
/// <param name="DurationMs">How long it took.</param>
public sealed record AttemptResponse(int Attempt, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);

/// <summary>One event for the subscription.</summary>
/// <param name="Id">The <c>webhook-id</c> header: the same on every attempt.</param>
/// <param name="EventType">The event.</param>
/// <param name="Status"><c>pending</c>, <c>succeeded</c> or <c>failed</c>.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="NextAttemptAt">When the next attempt is due (pending only).</param>
/// <param name="LastStatusCode">The last answer's status.</param>
/// <param name="LastError">The last error.</param>
/// <param name="CreatedAt">When the event was raised.</param>
/// <param name="AttemptHistory">Every attempt.</param>
/// <param name="Payload">The body sent.</param>
public sealed record DeliveryResponse(
    string Id, string EventType, string Status, int Attempts, DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError,
    DateTimeOffset CreatedAt, IReadOnlyList<AttemptResponse> AttemptHistory, JsonElement Payload);

/// <param name="DeliveryId">The delivery created or scheduled.</param>
public sealed record DeliveryAccepted(string DeliveryId);

public static class WebhooksApi
{
    public const int MaxDescriptionLength = 500;

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.NewVersionedApi("Webhooks").MapGroup("/v{version:apiVersion}/webhooks")
            .HasApiVersion(1.0).WithTags("Webhooks").RequireAuthorization(Scopes.WebhooksManage);
        group.MapPost("/", Create);
        group.MapGet("/", List);
        group.MapGet("/{id}", Get);
        group.MapPatch("/{id}", Update);
        group.MapDelete("/{id}", Delete);
        group.MapPost("/{id}/rotate-secret", RotateSecret);
        group.MapPost("/{id}/ping", Ping);
        group.MapGet("/{id}/deliveries", ListDeliveries);
        group.MapPost("/{id}/deliveries/{deliveryId}/retry", Retry);
        return app;
    }

    /// <summary>
    /// Subscribes the caller's party to events (DESIGN §7). The answer carries the signing secret, shown only here:
    /// keep it to verify the <c>webhook-signature</c> header. Only changes committed after this call are delivered.
    /// </summary>
    public static async Task<Results<Created<WebhookResponse>, ProblemHttpResult, ValidationProblem>> Create(
        CreateWebhookRequest request, ClaimsPrincipal user, [AsParameters] WebhookServices s, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (caller.PartyId is null || caller.PartyKind is null)
        {
            return Problems.Forbidden("Webhooks belong to a party; the operator has none.");
        }

        var errors = new ValidationErrors();
        ValidateEvents(request.Events, errors, required: true);
        ValidateDescription(request.Description, errors);
        await ValidateUrlAsync(request.Url, s.Options.Value.AllowLoopback, errors, ct);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var now = s.Clock.GetUtcNow();
        var row = await s.Data.InsertSubscriptionAsync(new SubscriptionRow
        {
            Id = "wh_" + Guid.CreateVersion7(now).ToString("N"), PartyId = caller.PartyId, PartyKind = caller.PartyKind, Url = request.Url!,
            Events = JsonSerializer.Serialize(request.Events!.Distinct(StringComparer.Ordinal)), Description = request.Description, Status = "enabled",
            Secret = WebhookSecrets.New(), CreatedAt = now, UpdatedAt = now,
        }, ct);
        return TypedResults.Created($"/v1/webhooks/{row.Id}", ToResponse(row) with { Secret = row.Secret });
    }

    /// <summary>The caller's subscriptions.</summary>
    public static async Task<Results<Ok<Page<WebhookResponse>>, ValidationProblem>> List(
        int? limit, string? cursor, ClaimsPrincipal user, WebhooksData data, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var rows = await data.ListSubscriptionsAsync(Caller.From(user).PartyId ?? "", page.After, page.FetchLimit, ct);
        return TypedResults.Ok(page.ToPage(rows, r => r.Id, ToResponse));
    }

    /// <summary>One of the caller's subscriptions; anyone else's answers 404.</summary>
    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> Get(string id, ClaimsPrincipal user, WebhooksData data, CancellationToken ct) =>
        await OwnAsync(data, id, user, ct) is { } row ? TypedResults.Ok(ToResponse(row)) : NotFound(id);

    /// <summary>Changes the target, events, description or status; enabling a disabled subscription clears its reason.</summary>
    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult, ValidationProblem>> Update(
        string id, UpdateWebhookRequest request, ClaimsPrincipal user, [AsParameters] WebhookServices s, CancellationToken ct)
    {
        if (await OwnAsync(s.Data, id, user, ct) is not { } row)
        {
            return NotFound(id);
        }

        var errors = new ValidationErrors();
        ValidateEvents(request.Events, errors, required: false);
        ValidateDescription(request.Description, errors);
        errors.Require(request.Status is null or "enabled" or "disabled", "status", "status must be 'enabled' or 'disabled'.");
        if (request.Url is not null)
        {
            await ValidateUrlAsync(request.Url, s.Options.Value.AllowLoopback, errors, ct);
        }

        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var now = s.Clock.GetUtcNow();
        var status = request.Status ?? row.Status;
        var updated = row with
        {
            Url = request.Url ?? row.Url,
            Events = request.Events is null ? row.Events : JsonSerializer.Serialize(request.Events.Distinct(StringComparer.Ordinal)),
            Description = request.Description ?? row.Description,
            Status = status,
            DisabledReason = status == "enabled" ? null : row.Status == "disabled" ? row.DisabledReason : "Disabled by its owner.",
            DisabledAt = status == "enabled" ? null : row.DisabledAt ?? now,
            UpdatedAt = now,
        };
        await s.Data.UpdateSubscriptionAsync(updated, ct);
        return TypedResults.Ok(ToResponse(updated));
    }

    /// <summary>Deletes the subscription and its delivery history; pending deliveries are not sent.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, ClaimsPrincipal user, WebhooksData data, CancellationToken ct)
    {
        if (await OwnAsync(data, id, user, ct) is null)
        {
            return NotFound(id);
        }

        await data.DeleteSubscriptionAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Issues a new secret (shown only here). For 24 hours deliveries carry two signatures, one per secret, so the
    /// receiver can switch without missing a delivery.
    /// </summary>
    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> RotateSecret(
        string id, ClaimsPrincipal user, [AsParameters] WebhookServices s, CancellationToken ct)
    {
        if (await OwnAsync(s.Data, id, user, ct) is not { } row)
        {
            return NotFound(id);
        }

        var now = s.Clock.GetUtcNow();
        var rotated = row with { PreviousSecret = row.Secret, PreviousSecretExpiresAt = now.AddHours(24), Secret = WebhookSecrets.New(), UpdatedAt = now };
        await s.Data.UpdateSubscriptionAsync(rotated, ct);
        return TypedResults.Ok(ToResponse(rotated) with { Secret = rotated.Secret });
    }

    /// <summary>Queues a <c>webhook.ping</c> delivery to the subscription, signed like every other.</summary>
    public static async Task<Results<Accepted<DeliveryAccepted>, ProblemHttpResult>> Ping(
        string id, ClaimsPrincipal user, [AsParameters] WebhookServices s, CancellationToken ct)
    {
        if (await OwnAsync(s.Data, id, user, ct) is not { } row)
        {
            return NotFound(id);
        }

        var now = s.Clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(new WebhookPayload(WebhookEvents.Ping, now, new RawJson(JsonSerializer.Serialize(new { subscriptionId = row.Id }, ApiJson.Web))), ApiJson.Web);
        var delivery = WebhookDispatcher.NewDelivery(row.Id, $"ping:{Guid.NewGuid():N}", WebhookEvents.Ping, payload, now);
        await s.Data.InsertDeliveryAsync(delivery, ct);
        return TypedResults.Accepted($"/v1/webhooks/{row.Id}/deliveries", new DeliveryAccepted(delivery.Id));
    }

    /// <summary>The subscription's deliveries, oldest first, with every attempt's answer.</summary>
    public static async Task<Results<Ok<Page<DeliveryResponse>>, ProblemHttpResult, ValidationProblem>> ListDeliveries(
        string id, int? limit, string? cursor, ClaimsPrincipal user, WebhooksData data, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        if (await OwnAsync(data, id, user, ct) is null)
        {
            return NotFound(id);
        }

        var (deliveries, attempts) = await data.ListDeliveriesAsync(id, page.After, page.FetchLimit, ct);
        var byDelivery = attempts.ToLookup(a => a.DeliveryId, StringComparer.Ordinal);
        return TypedResults.Ok(page.ToPage(deliveries, d => d.Id, d => new DeliveryResponse(
            d.Id, d.EventType, d.Status, d.Attempts, d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastStatusCode, d.LastError, d.CreatedAt,
            byDelivery[d.Id].Select(a => new AttemptResponse(a.Attempt, a.AttemptedAt, a.StatusCode, a.Error, a.DurationMs)).ToList(),
            JsonDocument.Parse(d.Payload).RootElement)));
    }

    /// <summary>
    /// Sends a finished delivery again now, with the whole retry schedule ahead of it. 409 while it is still pending
    /// or while the subscription is disabled (enable it first).
    /// </summary>
    public static async Task<Results<Accepted<DeliveryAccepted>, ProblemHttpResult>> Retry(
        string id, string deliveryId, ClaimsPrincipal user, [AsParameters] WebhookServices s, CancellationToken ct)
    {
        if (await OwnAsync(s.Data, id, user, ct) is not { } row)
        {
            return NotFound(id);
        }

        if (await s.Data.GetDeliveryAsync(deliveryId, ct) is not { } delivery || delivery.SubscriptionId != id)
        {
            return Problems.NotFound($"No delivery '{deliveryId}' of webhook '{id}'.");
        }

        if (row.Status != "enabled")
        {
            return Problems.Conflict($"Webhook '{id}' is disabled ({row.DisabledReason}); enable it with PATCH before retrying.");
        }

        return await s.Data.RetryAsync(id, deliveryId, s.Clock.GetUtcNow(), ct)
            ? TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", new DeliveryAccepted(deliveryId))
            : Problems.Conflict($"Delivery '{deliveryId}' is still pending; it will be attempted at its next attempt time.");
    }

    private static async Task<SubscriptionRow?> OwnAsync(WebhooksData data, string id, ClaimsPrincipal user, CancellationToken ct) =>
        await data.GetSubscriptionAsync(id, ct) is { } row && Caller.From(user).Is(row.PartyId) ? row : null;

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"No webhook '{id}'.");

    private static void ValidateEvents(IReadOnlyList<string>? events, ValidationErrors errors, bool required)
    {
        if (events is null)
        {
            errors.Require(!required, "events", "events is required: at least one event type.");
            return;
        }

        errors.Require(events.Count > 0, "events", "At least one event type.");
        for (var i = 0; i < events.Count; i++)
        {
            errors.Require(WebhookEvents.All.Contains(events[i]), $"events[{i}]", $"'{events[i]}' is not an event (one of: {string.Join(", ", WebhookEvents.All)}).");
        }
    }

    private static void ValidateDescription(string? description, ValidationErrors errors) =>
        errors.Require(description is null || description.Length <= MaxDescriptionLength, "description", $"description is at most {MaxDescriptionLength} characters.");

    /// <summary>The form of the URL, then every address its host resolves to (checked again at each delivery).</summary>
    private static async Task ValidateUrlAsync(string? url, bool allowLoopback, ValidationErrors errors, CancellationToken ct)
    {
        if (WebhookTargets.CheckUrl(url, allowLoopback) is { } problem)
        {
            errors.Add("url", problem);
            return;
        }

        var host = new Uri(url!).Host;
        try
        {
            SafeWebhookHttp.Permitted(host, await SafeWebhookHttp.ResolveAsync(host, ct), allowLoopback);
        }
        catch (HttpRequestException e)
        {
            errors.Add("url", e.Message);
        }
        catch (SocketException)
        {
            errors.Add("url", $"{host} does not resolve.");
        }
    }

    private static WebhookResponse ToResponse(SubscriptionRow row) => new(
        row.Id, row.Url, JsonSerializer.Deserialize<string[]>(row.Events)!, row.Description, row.Status, row.DisabledReason, row.DisabledAt,
        row.PreviousSecretExpiresAt, row.CreatedAt, row.UpdatedAt);
}

public static class WebhookSetup
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhooksData>();
        services.AddScoped<WebhookDispatcher>();
        services.AddScoped<WebhookSender>();
        services.AddSingleton<WebhookWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookWorker>());
        // No resilience handler: retries are the outbox's job, so nothing is sent twice behind its back.
        services.AddHttpClient(WebhookOptions.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => SafeWebhookHttp.Handler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowLoopback));
        return services;
    }
}
