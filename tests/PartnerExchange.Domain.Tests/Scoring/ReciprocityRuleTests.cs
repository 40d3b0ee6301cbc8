using PartnerExchange.Domain.Contracts;
using PartnerExchange.Domain.Scoring;

namespace PartnerExchange.Domain.Tests.Scoring;

public sealed class ReciprocityRuleTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Reciprocity s_enforce = new(ReciprocityMode.Enforce, 0.6, 14);

    [Fact]
    public void The_whole_cycle_met_below_paused_resumed_with_a_moving_clock()
    {
        var state = ReciprocityState.Met;
        var clock = s_t0;
        ReciprocityDecision Step(double compliance, int days)
        {
            clock = clock.AddDays(days);
            var decision = ReciprocityRule.Evaluate(s_enforce, compliance, state, clock);
            state = decision.State;
            return decision;
        }

        Assert.Equal(ReciprocityStatus.Met, Step(0.8, 0).Status);
        var below = Step(0.4, 1);
        Assert.Equal((ReciprocityStatus.Below, s_t0.AddDays(1)), (below.Status, below.State.BelowSince));
        Assert.Equal(ReciprocityStatus.Below, Step(0.4, 14).Status);          // exactly the grace period: not longer
        var paused = Step(0.4, 1);                                             // 15 days below
        Assert.True(paused.Paused && paused.JustPaused);
        Assert.False(Step(0.5, 3).JustPaused);                                 // still paused, not paused again
        var resumed = Step(0.6, 2);                                            // recovered: resumes at once
        Assert.Equal((ReciprocityStatus.Met, false, true), (resumed.Status, resumed.Paused, resumed.JustResumed));
        Assert.Null(resumed.State.BelowSince);
    }

    [Fact]
    public void Monitor_only_reports() =>
        Assert.Equal(ReciprocityStatus.Below,
            ReciprocityRule.Evaluate(s_enforce with { Mode = ReciprocityMode.Monitor }, 0, new ReciprocityState(s_t0, null), s_t0.AddDays(365)).Status);

    [Fact]
    public void A_grace_of_zero_pauses_as_soon_as_any_time_has_passed_below()
    {
        var rule = s_enforce with { GraceDays = 0 };

        Assert.False(ReciprocityRule.Evaluate(rule, 0.1, ReciprocityState.Met, s_t0).Paused);
        Assert.True(ReciprocityRule.Evaluate(rule, 0.1, new ReciprocityState(s_t0, null), s_t0.AddTicks(1)).Paused);
    }
}
