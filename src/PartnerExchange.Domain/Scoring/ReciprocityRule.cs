using PartnerExchange.Domain.Contracts;

namespace PartnerExchange.Domain.Scoring;

/// <summary>What was observed of a partnership's reciprocity: since when compliance is below the minimum, and since when paused.</summary>
public sealed record ReciprocityState(DateTimeOffset? BelowSince, DateTimeOffset? PausedAt)
{
    public static ReciprocityState Met { get; } = new(null, null);
}

public static class ReciprocityStatus
{
    public const string Met = "met";
    public const string Below = "below";
    public const string Paused = "paused";
}

/// <summary>The new state, its status, and whether entitlements just paused or resumed.</summary>
public sealed record ReciprocityDecision(ReciprocityState State, string Status, bool Paused, bool JustPaused, bool JustResumed);

/// <summary>
/// DESIGN §3 give-to-get: under <c>enforce</c>, once compliance has stayed below <c>minimumCompliance</c> for longer
/// than <c>graceDays</c>, the partner's entitlements pause; they resume as soon as compliance recovers.
/// <c>monitor</c> only reports.
/// </summary>
public static class ReciprocityRule
{
    public static ReciprocityDecision Evaluate(Reciprocity rule, double compliance, ReciprocityState previous, DateTimeOffset now)
    {
        var wasPaused = previous.PausedAt is not null;
        if (compliance >= rule.MinimumCompliance)
        {
            return new ReciprocityDecision(ReciprocityState.Met, ReciprocityStatus.Met, Paused: false, JustPaused: false, JustResumed: wasPaused);
        }

        var belowSince = previous.BelowSince ?? now;
        var paused = rule.Mode == ReciprocityMode.Enforce && now - belowSince > TimeSpan.FromDays(rule.GraceDays);
        var state = new ReciprocityState(belowSince, paused ? previous.PausedAt ?? now : null);
        return new ReciprocityDecision(state, paused ? ReciprocityStatus.Paused : ReciprocityStatus.Below, paused, JustPaused: paused && !wasPaused, JustResumed: !paused && wasPaused);
    }
}
