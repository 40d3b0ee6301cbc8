using System.Text.Json;

namespace PartnerExchange.Domain.Scoring;

public enum AttributionModel
{
    FirstTouch,
    LastTouch,
    Linear,
    TimeDecay,
}

/// <summary>A partner action at a customer (a "touch").</summary>
public sealed record Touch(string PartnershipId, string CustomerId, DateTimeOffset At);

/// <summary>An outcome signal at a customer, with its value (see <see cref="Attribution.OutcomeValue"/>).</summary>
public sealed record Outcome(string Id, string CustomerId, DateTimeOffset At, double Value);

/// <summary>The share (0–1) of one outcome credited to one partnership, and the value that share carries.</summary>
public sealed record Credit(string OutcomeId, string PartnershipId, double Share, double Value);

/// <summary>
/// DESIGN §6 attribution: the partner actions at a customer within <c>lookbackDays</c> before an outcome earn
/// its credit; the credits of one outcome sum to 1 across partnerships; an outcome with no action is unattributed.
/// </summary>
public static class Attribution
{
    public const int DefaultLookbackDays = 90;
    public const double DefaultHalfLifeDays = 30;

    /// <summary>Credits for every attributed outcome, ordered by outcome then partnership.</summary>
    public static IReadOnlyList<Credit> Attribute(
        IReadOnlyList<Outcome> outcomes,
        IReadOnlyList<Touch> touches,
        AttributionModel model = AttributionModel.TimeDecay,
        int lookbackDays = DefaultLookbackDays,
        double halfLifeDays = DefaultHalfLifeDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lookbackDays);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfLifeDays);
        var byCustomer = touches.ToLookup(t => t.CustomerId, StringComparer.Ordinal);
        var credits = new List<Credit>();
        foreach (var outcome in outcomes.OrderBy(o => o.At).ThenBy(o => o.Id, StringComparer.Ordinal))
        {
            // The window includes both ends: an action exactly lookbackDays before, or at the same instant, counts.
            var from = outcome.At.AddDays(-lookbackDays);
            var window = byCustomer[outcome.CustomerId].Where(t => t.At >= from && t.At <= outcome.At).ToList();
            if (window.Count == 0)
            {
                continue;
            }

            var weights = Weights(window, outcome.At, model, halfLifeDays);
            var total = weights.Values.Sum();
            credits.AddRange(weights.OrderBy(w => w.Key, StringComparer.Ordinal)
                .Select(w => new Credit(outcome.Id, w.Key, w.Value / total, outcome.Value * w.Value / total)));
        }

        return credits;
    }

    /// <summary>
    /// Outcome value: <c>amount</c> when present (churn: minus <c>lostAmount</c>), else 1.
    /// </summary>
    public static double OutcomeValue(string typeKey, JsonElement payload)
    {
        var field = typeKey == "renew.churned" ? "lostAmount" : "amount";
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(field, out var amount) && amount.ValueKind == JsonValueKind.Number)
        {
            return typeKey == "renew.churned" ? -amount.GetDouble() : amount.GetDouble();
        }

        return 1;
    }

    /// <summary>Weight per partnership; touches at the same instant share first/last touch equally.</summary>
    private static Dictionary<string, double> Weights(List<Touch> window, DateTimeOffset outcomeAt, AttributionModel model, double halfLifeDays)
    {
        IEnumerable<(string Partnership, double Weight)> weighted = model switch
        {
            AttributionModel.FirstTouch => window.Where(t => t.At == window.Min(w => w.At)).Select(t => (t.PartnershipId, 1.0)),
            AttributionModel.LastTouch => window.Where(t => t.At == window.Max(w => w.At)).Select(t => (t.PartnershipId, 1.0)),
            AttributionModel.Linear => window.Select(t => (t.PartnershipId, 1.0)),
            AttributionModel.TimeDecay => window.Select(t => (t.PartnershipId, Math.Pow(2, -(outcomeAt - t.At).TotalDays / halfLifeDays))),
            _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown attribution model."),
        };
        return weighted.GroupBy(w => w.Partnership, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(w => w.Weight), StringComparer.Ordinal);
    }
}
