using PartnerExchange.Domain.Signals;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Domain.Contracts;

/// <summary>A type the partner commits to publish for each approved customer, at least every <c>FreshnessDays</c>.</summary>
public sealed record Obligation(string SignalType, int FreshnessDays, double? MinValidity);

/// <summary>A vendor type shared back to the partner: <c>Fields</c> null means every field.</summary>
public sealed record Entitlement(string SignalType, IReadOnlyList<string>? Fields, int LookbackDays);

/// <summary>The give-to-get rule: below <c>MinimumCompliance</c> for longer than <c>GraceDays</c>, entitlements pause under <c>enforce</c>.</summary>
public sealed record Reciprocity(string Mode, double MinimumCompliance, int GraceDays);

/// <summary>What a contract version says.</summary>
public sealed record ContractTerms(
    IReadOnlyList<Obligation> Obligations,
    IReadOnlyList<Entitlement> Entitlements,
    Reciprocity Reciprocity,
    DateOnly? EffectiveFrom,
    string? Notes);

public static class ReciprocityMode
{
    public const string Enforce = "enforce";
    public const string Monitor = "monitor";
}

/// <summary>Content rules of a contract version (DESIGN §4): every error is reported with its JSON path.</summary>
public static class ContractRules
{
    public const int MaxNotesLength = 4000;

    /// <param name="terms">The proposed terms.</param>
    /// <param name="types">The signal types this partnership may name (built-in and the vendor's own), by key.</param>
    public static ValidationErrors Validate(ContractTerms terms, IReadOnlyDictionary<string, SignalType> types)
    {
        var errors = new ValidationErrors();

        for (var i = 0; i < terms.Obligations.Count; i++)
        {
            var o = terms.Obligations[i];
            var path = $"obligations[{i}]";
            if (!types.TryGetValue(o.SignalType ?? "", out var type))
            {
                errors.Add($"{path}.signalType", $"'{o.SignalType}' is not a signal type of this program.");
            }
            else if (!SignalTypeRules.PartnerMayPublish(type.Publisher))
            {
                errors.Add($"{path}.signalType", $"'{o.SignalType}' is published by the {type.Publisher}, not the partner.");
            }

            errors.Require(o.FreshnessDays is >= 1 and <= 365, $"{path}.freshnessDays", "freshnessDays must be between 1 and 365.");
            errors.Require(o.MinValidity is null or (>= 0 and <= 1), $"{path}.minValidity", "minValidity must be between 0 and 1.");
        }

        for (var i = 0; i < terms.Entitlements.Count; i++)
        {
            var e = terms.Entitlements[i];
            var path = $"entitlements[{i}]";
            if (!types.TryGetValue(e.SignalType ?? "", out var type))
            {
                errors.Add($"{path}.signalType", $"'{e.SignalType}' is not a signal type of this program.");
            }
            else if (!SignalTypeRules.VendorMayPublish(type.Publisher))
            {
                errors.Add($"{path}.signalType", $"'{e.SignalType}' is published by the {type.Publisher}, not the vendor.");
            }
            else if (e.Fields is not null)
            {
                var known = SignalTypeRules.Fields(type.Schema);
                for (var f = 0; f < e.Fields.Count; f++)
                {
                    if (!known.Contains(e.Fields[f]))
                    {
                        errors.Add($"{path}.fields[{f}]", $"'{e.Fields[f]}' is not a field of '{e.SignalType}' (fields: {string.Join(", ", known)}).");
                    }
                }

                if (e.Fields.Distinct(StringComparer.Ordinal).Count() != e.Fields.Count)
                {
                    errors.Add($"{path}.fields", "a field is listed twice.");
                }
            }

            errors.Require(e.LookbackDays is >= 0 and <= 3650, $"{path}.lookbackDays", "lookbackDays must be between 0 and 3650.");
        }

        AddDuplicates(terms.Obligations.Select(o => o.SignalType), "obligations", errors);
        AddDuplicates(terms.Entitlements.Select(e => e.SignalType), "entitlements", errors);

        var r = terms.Reciprocity;
        errors.Require(r.Mode is ReciprocityMode.Enforce or ReciprocityMode.Monitor, "reciprocity.mode", "mode must be 'enforce' or 'monitor'.");
        errors.Require(r.MinimumCompliance is >= 0 and <= 1, "reciprocity.minimumCompliance", "minimumCompliance must be between 0 and 1.");
        errors.Require(r.GraceDays is >= 0 and <= 90, "reciprocity.graceDays", "graceDays must be between 0 and 90.");
        errors.Require(terms.Notes is null || terms.Notes.Length <= MaxNotesLength, "notes", $"notes must be at most {MaxNotesLength} characters.");
        return errors;
    }

    /// <summary>Every signal type the terms name (for the rule that a referenced type is immutable).</summary>
    public static IReadOnlyList<string> ReferencedTypes(ContractTerms terms) =>
        terms.Obligations.Select(o => o.SignalType).Concat(terms.Entitlements.Select(e => e.SignalType)).Distinct(StringComparer.Ordinal).ToList();

    private static void AddDuplicates(IEnumerable<string> keys, string list, ValidationErrors errors)
    {
        foreach (var duplicate in keys.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            errors.Add(list, $"'{duplicate}' is listed more than once.");
        }
    }
}
