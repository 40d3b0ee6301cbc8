using System.Globalization;
using System.Text.Json;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Contracts;
using PartnerExchange.Domain.Contracts;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Contracts;

/// <summary>A type the partner commits to publish.</summary>
/// <param name="SignalType">A partner-publishable signal type key.</param>
/// <param name="FreshnessDays">Each approved customer should have a signal of this type within this many days (1–365).</param>
/// <param name="MinValidity">Optional minimum share (0–1) of accepted items among those submitted.</param>
public sealed record ObligationRequest(string? SignalType, int? FreshnessDays, double? MinValidity);

/// <summary>A vendor type shared back to the partner.</summary>
/// <param name="SignalType">A vendor-publishable signal type key.</param>
/// <param name="Fields">Payload fields shared; null shares every field.</param>
/// <param name="LookbackDays">How many days before a customer link's approval the partner may see (0–3650).</param>
public sealed record EntitlementRequest(string? SignalType, IReadOnlyList<string>? Fields, int? LookbackDays);

/// <summary>The give-to-get rule.</summary>
/// <param name="Mode"><c>enforce</c> pauses entitlements while compliance stays low; <c>monitor</c> only reports.</param>
/// <param name="MinimumCompliance">Compliance (0–1) the partner must keep.</param>
/// <param name="GraceDays">Days below the minimum before entitlements pause (0–90).</param>
public sealed record ReciprocityRequest(string? Mode, double? MinimumCompliance, int? GraceDays);

/// <summary>The terms of a contract version (a new draft, or a draft's replacement).</summary>
/// <param name="Obligations">What the partner publishes.</param>
/// <param name="Entitlements">What the vendor shares back.</param>
/// <param name="Reciprocity">The rule tying the two together.</param>
/// <param name="EffectiveFrom">Date from which the terms apply (YYYY-MM-DD).</param>
/// <param name="Notes">Free text, at most 4,000 characters.</param>
public sealed record ContractRequest(
    IReadOnlyList<ObligationRequest>? Obligations,
    IReadOnlyList<EntitlementRequest>? Entitlements,
    ReciprocityRequest? Reciprocity,
    DateOnly? EffectiveFrom,
    string? Notes)
{
    /// <summary>The terms, with an error (by JSON path) for every missing value.</summary>
    public ContractTerms ToTerms(ValidationErrors errors)
    {
        errors.Require(Obligations is not null, "obligations", "obligations is required (it may be empty).");
        errors.Require(Entitlements is not null, "entitlements", "entitlements is required (it may be empty).");
        errors.Require(Reciprocity is not null, "reciprocity", "reciprocity is required.");

        var obligations = (Obligations ?? []).Select((o, i) =>
        {
            errors.Require(!string.IsNullOrEmpty(o?.SignalType), $"obligations[{i}].signalType", "signalType is required.");
            errors.Require(o?.FreshnessDays is not null, $"obligations[{i}].freshnessDays", "freshnessDays is required.");
            return new Obligation(o?.SignalType ?? "", o?.FreshnessDays ?? 1, o?.MinValidity);
        }).ToList();
        var entitlements = (Entitlements ?? []).Select((e, i) =>
        {
            errors.Require(!string.IsNullOrEmpty(e?.SignalType), $"entitlements[{i}].signalType", "signalType is required.");
            errors.Require(e?.LookbackDays is not null, $"entitlements[{i}].lookbackDays", "lookbackDays is required.");
            return new Entitlement(e?.SignalType ?? "", e?.Fields, e?.LookbackDays ?? 0);
        }).ToList();
        if (Reciprocity is not null)
        {
            errors.Require(Reciprocity.Mode is not null, "reciprocity.mode", "mode is required.");
            errors.Require(Reciprocity.MinimumCompliance is not null, "reciprocity.minimumCompliance", "minimumCompliance is required.");
            errors.Require(Reciprocity.GraceDays is not null, "reciprocity.graceDays", "graceDays is required.");
        }

        var reciprocity = new Reciprocity(Reciprocity?.Mode ?? ReciprocityMode.Monitor, Reciprocity?.MinimumCompliance ?? 0, Reciprocity?.GraceDays ?? 0);
        return new ContractTerms(obligations, entitlements, reciprocity, EffectiveFrom, Notes);
    }
}

/// <summary>One version of a partnership's data contract.</summary>
/// <param name="PartnershipId">The partnership.</param>
/// <param name="Version">Version number, from 1.</param>
/// <param name="Status"><c>draft</c>, <c>proposed</c>, <c>active</c>, <c>superseded</c>, <c>terminated</c> or <c>rejected</c>.</param>
/// <param name="Obligations">What the partner publishes.</param>
/// <param name="Entitlements">What the vendor shares back.</param>
/// <param name="Reciprocity">The give-to-get rule.</param>
/// <param name="EffectiveFrom">Date from which the terms apply.</param>
/// <param name="Notes">Free text.</param>
/// <param name="DraftedBy">The party that drafted this version.</param>
/// <param name="ProposedBy">The party that proposed it.</param>
/// <param name="ProposedAt">When it was proposed.</param>
/// <param name="AcceptedByVendorAt">When the vendor accepted it (proposing counts as accepting).</param>
/// <param name="AcceptedByPartnerAt">When the partner accepted it.</param>
/// <param name="ActivatedAt">When it became active.</param>
/// <param name="SupersededAt">When a newer version replaced it.</param>
/// <param name="TerminatedAt">When it was terminated.</param>
/// <param name="RejectedAt">When the proposal was rejected.</param>
/// <param name="CreatedAt">When the draft was created.</param>
/// <param name="UpdatedAt">When the version last changed.</param>
/// <param name="Etag">The strong entity tag, also in the <c>ETag</c> header; send it as <c>If-Match</c> to change a draft.</param>
public sealed record ContractResponse(
    string PartnershipId, int Version, string Status,
    IReadOnlyList<Obligation> Obligations, IReadOnlyList<Entitlement> Entitlements, Reciprocity Reciprocity,
    DateOnly? EffectiveFrom, string? Notes, string DraftedBy, string? ProposedBy, DateTimeOffset? ProposedAt,
    DateTimeOffset? AcceptedByVendorAt, DateTimeOffset? AcceptedByPartnerAt, DateTimeOffset? ActivatedAt,
    DateTimeOffset? SupersededAt, DateTimeOffset? TerminatedAt, DateTimeOffset? RejectedAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Etag);

/// <summary>Conversions between stored rows, domain state and responses.</summary>
public static class ContractMapping
{
    public static string Serialize(ContractTerms terms) => JsonSerializer.Serialize(terms, ApiJson.Web);

    public static ContractTerms Terms(this ContractRow row) => JsonSerializer.Deserialize<ContractTerms>(row.Content, ApiJson.Web)!;

    public static string ETag(this ContractRow row) => string.Create(CultureInfo.InvariantCulture, $"\"{row.Version}.{row.Revision}\"");

    public static ContractState State(this ContractRow row) => new(
        row.Status, row.DraftedBy, row.ProposedBy, row.ProposedAt, row.AcceptedByVendorAt, row.AcceptedByPartnerAt,
        row.ActivatedAt, row.SupersededAt, row.TerminatedAt, row.RejectedAt);

    public static ContractRow With(this ContractRow row, ContractState state, DateTimeOffset now) => row with
    {
        Status = state.Status,
        ProposedBy = state.ProposedBy,
        ProposedAt = state.ProposedAt,
        AcceptedByVendorAt = state.AcceptedByVendorAt,
        AcceptedByPartnerAt = state.AcceptedByPartnerAt,
        ActivatedAt = state.ActivatedAt,
        SupersededAt = state.SupersededAt,
        TerminatedAt = state.TerminatedAt,
        RejectedAt = state.RejectedAt,
        Revision = row.Revision + 1,
        UpdatedAt = now,
    };

    public static ContractResponse ToResponse(this ContractRow row)
    {
        var terms = row.Terms();
        return new ContractResponse(
            row.PartnershipId, row.Version, row.Status, terms.Obligations, terms.Entitlements, terms.Reciprocity, terms.EffectiveFrom, terms.Notes,
            row.DraftedBy, row.ProposedBy, row.ProposedAt, row.AcceptedByVendorAt, row.AcceptedByPartnerAt, row.ActivatedAt,
            row.SupersededAt, row.TerminatedAt, row.RejectedAt, row.CreatedAt, row.UpdatedAt, row.ETag());
    }
}
