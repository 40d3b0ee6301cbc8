using System.Text.Json;
using PartnerExchange.Domain.Contracts;

namespace PartnerExchange.Domain.Scoring;

/// <summary>
/// A signal as scoring sees it: no payload, only the one number scoring takes from it — <c>Value</c> is the outcome
/// value (<see cref="Attribution.OutcomeValue"/>) for outcomes, utilization for <c>adopt.active_users</c>, else null.
/// </summary>
public sealed record ScoringSignal(
    string TypeKey, string Stage, string Category, string CustomerId, string PublisherId, string? PartnershipId, DateTimeOffset At, double? Value)
{
    /// <summary>An action a partner published inside a partnership (what attribution credits).</summary>
    public bool IsPartnerAction => Category == "action" && PartnershipId is not null;

    public bool IsOutcome => Category == "outcome";
}

/// <summary>Accepted and submitted items of one type on one day (counted at publish time).</summary>
public sealed record SubmissionCount(string TypeKey, DateOnly Day, int Submitted, int Accepted);

/// <summary>
/// What scoring knows about one partnership besides the signals: the customers approved at <c>asOf</c>, the active
/// contract's terms (null without one) and its submission counts over the longest obligation's freshness window.
/// </summary>
public sealed record PartnershipFacts(
    string PartnershipId, IReadOnlyCollection<string> ApprovedCustomers, ContractTerms? Terms, IReadOnlyList<SubmissionCount> Submissions);

public static class ScoringSignals
{
    public const string ActiveUsers = "adopt.active_users";
    public const string Renewed = "renew.renewed";
    public const string Churned = "renew.churned";

    /// <summary>The number scoring takes from a payload, or null when the type carries none.</summary>
    public static double? ValueOf(string typeKey, string category, JsonElement payload)
    {
        if (category == "outcome")
        {
            return Attribution.OutcomeValue(typeKey, payload);
        }

        if (typeKey == ActiveUsers && payload.ValueKind == JsonValueKind.Object
            && payload.TryGetProperty("activeUsers", out var active) && active.ValueKind == JsonValueKind.Number
            && payload.TryGetProperty("licensedUsers", out var licensed) && licensed.ValueKind == JsonValueKind.Number
            && licensed.GetDouble() > 0)
        {
            return active.GetDouble() / licensed.GetDouble();
        }

        return null;
    }
}
