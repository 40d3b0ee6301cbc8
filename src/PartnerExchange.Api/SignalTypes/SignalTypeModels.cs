using System.Text.Json;
using PartnerExchange.Data.SignalTypes;

namespace PartnerExchange.Api.SignalTypes;

/// <summary>A vendor-defined signal type.</summary>
/// <param name="Key">Unique per vendor; must start with <c>x-</c> (e.g. <c>x-security.posture_review</c>). Only on create.</param>
/// <param name="Stage">Lifecycle stage: <c>land</c>, <c>adopt</c>, <c>expand</c> or <c>renew</c>.</param>
/// <param name="Category"><c>action</c> (something a partner did), <c>outcome</c> (a business result) or <c>observation</c> (telemetry, health).</param>
/// <param name="Publisher">Who may publish it: <c>vendor</c>, <c>partner</c> or <c>any</c>.</param>
/// <param name="Description">What a record of this type means.</param>
/// <param name="Unit">Unit of its main value, if any.</param>
/// <param name="Schema">JSON Schema (draft 2020-12) of the payload: an object schema, at most 64 KB, with no remote <c>$ref</c>.</param>
public sealed record SignalTypeRequest(string? Key, string? Stage, string? Category, string? Publisher, string? Description, string? Unit, JsonElement? Schema);

/// <summary>A signal type of the catalogue.</summary>
/// <param name="Key">The type's key, e.g. <c>adopt.active_users</c>.</param>
/// <param name="VendorId">The vendor that defined it; null for a built-in type.</param>
/// <param name="Stage">Lifecycle stage.</param>
/// <param name="Category"><c>action</c>, <c>outcome</c> or <c>observation</c>.</param>
/// <param name="Publisher"><c>vendor</c>, <c>partner</c> or <c>any</c>.</param>
/// <param name="Description">What a record of this type means.</param>
/// <param name="Unit">Unit of its main value, if any.</param>
/// <param name="Schema">JSON Schema (draft 2020-12) its payloads must satisfy.</param>
/// <param name="CreatedAt">When the type was defined.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record SignalTypeResponse(
    string Key, string? VendorId, string Stage, string Category, string Publisher, string? Description, string? Unit,
    JsonElement Schema, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static SignalTypeResponse From(SignalTypeRow row) => new(
        row.TypeKey, row.OwnerId.Length == 0 ? null : row.OwnerId, row.Stage, row.Category, row.Publisher, row.Description, row.Unit,
        JsonDocument.Parse(row.PayloadSchema).RootElement, row.CreatedAt, row.UpdatedAt);
}

public static class SignalTypeRows
{
    /// <summary>The domain view of a stored type (its schema parsed), for validation and contract rules.</summary>
    public static Domain.Signals.SignalType ToSignalType(this SignalTypeRow row) =>
        new(row.TypeKey, row.Stage, row.Category, row.Publisher, row.Description, row.Unit, JsonDocument.Parse(row.PayloadSchema).RootElement);
}
