using PartnerExchange.Domain.Contracts;
using PartnerExchange.Domain.Scoring;

namespace PartnerExchange.Domain.Tests.Scoring;

public sealed class ConvergenceTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static Observation Signal(string type, int day, string publisher = "partner", string customer = "C1") => new(type, customer, publisher, s_t0.AddDays(day));

    [Fact]
    public void An_onboarding_followed_by_vendor_usage_within_30_days_is_corroborated()
    {
        var result = Convergence.Evaluate([Signal("adopt.onboarding_session", 0)], [Signal("adopt.active_users", 30, "vendor")]);

        Assert.Equal((1, 1, 1.0), (result.RuleBoundActions, result.Corroborated, result.Rate));
    }

    [Theory]
    [InlineData(31, "vendor", "C1")]
    [InlineData(-1, "vendor", "C1")]
    [InlineData(10, "partner", "C1")]
    [InlineData(10, "vendor", "C2")]
    public void Evidence_too_late_too_early_from_the_same_publisher_or_another_customer_does_not_count(int day, string publisher, string customer) =>
        Assert.Equal(0, Convergence.Evaluate([Signal("adopt.onboarding_session", 0)], [Signal("adopt.active_users", day, publisher, customer)]).Corroborated);

    [Fact]
    public void Actions_no_rule_covers_are_not_counted_and_no_data_has_no_rate()
    {
        var result = Convergence.Evaluate([Signal("adopt.health_score", 0)], []);

        Assert.Equal(0, result.RuleBoundActions);
        Assert.Null(result.Rate);
    }

    [Fact]
    public void Every_default_rule_of_the_design_is_present() =>
        Assert.Equal(
            [("adopt.deployment_completed", 30), ("adopt.onboarding_session", 30), ("adopt.training_delivered", 45), ("expand.opportunity_identified", 180), ("land.deal_registered", 180), ("renew.qbr_held", 120)],
            Convergence.DefaultRules.Select(r => (r.ActionType, r.WithinDays)).Order());

    [Fact]
    public void The_rate_is_corroborated_over_rule_bound_actions()
    {
        var result = Convergence.Evaluate(
            [Signal("renew.qbr_held", 0), Signal("renew.qbr_held", 0, customer: "C2"), Signal("land.deal_registered", 0), Signal("adopt.health_score", 0)],
            [Signal("renew.renewed", 120, "vendor")]);

        Assert.Equal((3, 1), (result.RuleBoundActions, result.Corroborated));
        Assert.Equal(1.0 / 3, result.Rate!.Value, 10);
    }
}

public sealed class ComplianceTests
{
    private static readonly DateTimeOffset s_asOf = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static ObligationActivity Activity(string type, int submitted, int accepted, params (string Customer, int DaysAgo)[] latest) =>
        new(type, latest.ToDictionary(l => l.Customer, l => s_asOf.AddDays(-l.DaysAgo)), submitted, accepted);

    /// <summary>
    /// Worked example, by hand. Three approved customers. Onboarding every 30 days: C1 10 days ago, C2 30 days ago (on the
    /// boundary: on time), C3 40 days ago (late): timeliness 2/3; 9 of 10 items accepted: validity 0.9; score 0.6.
    /// QBR every 120 days: all three on time, 4 of 4 accepted: score 1. Compliance = (0.6 + 1) / 2 = 0.8.
    /// </summary>
    [Fact]
    public void Worked_example()
    {
        var result = Compliance.Compute(
            [new Obligation("adopt.onboarding_session", 30, null), new Obligation("renew.qbr_held", 120, null)],
            ["C1", "C2", "C3"],
            new Dictionary<string, ObligationActivity>
            {
                ["adopt.onboarding_session"] = Activity("adopt.onboarding_session", 10, 9, ("C1", 10), ("C2", 30), ("C3", 40)),
                ["renew.qbr_held"] = Activity("renew.qbr_held", 4, 4, ("C1", 100), ("C2", 5), ("C3", 119)),
            },
            s_asOf);

        var onboarding = result.Obligations[0];
        Assert.Equal(2.0 / 3, onboarding.Timeliness, 10);
        Assert.Equal(0.9, onboarding.Validity, 10);
        Assert.Equal(0.6, onboarding.Score, 10);
        Assert.Equal(["C3"], onboarding.LateCustomers);
        Assert.Equal(0.8, result.Compliance, 10);
    }

    [Fact]
    public void A_customer_with_no_signal_at_all_is_late()
    {
        var result = Compliance.Compute([new Obligation("renew.qbr_held", 90, null)], ["C1", "C2"],
            new Dictionary<string, ObligationActivity> { ["renew.qbr_held"] = Activity("renew.qbr_held", 1, 1, ("C1", 1)) }, s_asOf);

        Assert.Equal(0.5, result.Compliance, 10);
        Assert.Equal(["C2"], result.Obligations[0].LateCustomers);
    }

    [Fact]
    public void No_obligations_owe_nothing() => Assert.Equal(1, Compliance.Compute([], ["C1"], new Dictionary<string, ObligationActivity>(), s_asOf).Compliance);

    [Fact]
    public void No_approved_customers_is_on_time() =>
        Assert.Equal(1, Compliance.Compute([new Obligation("renew.qbr_held", 90, null)], [], new Dictionary<string, ObligationActivity>(), s_asOf).Compliance);

    [Fact]
    public void Nothing_published_at_all_is_zero_compliance() =>
        Assert.Equal(0, Compliance.Compute([new Obligation("renew.qbr_held", 90, null)], ["C1"], new Dictionary<string, ObligationActivity>(), s_asOf).Compliance);

    [Fact]
    public void Signals_after_as_of_do_not_count() =>
        Assert.Equal(0, Compliance.Compute([new Obligation("renew.qbr_held", 90, null)], ["C1"],
            new Dictionary<string, ObligationActivity> { ["renew.qbr_held"] = Activity("renew.qbr_held", 1, 1, ("C1", -1)) }, s_asOf).Compliance);
}

public sealed class TierTests
{
    [Theory]
    [InlineData(100, "Strategic")]
    [InlineData(80, "Strategic")]
    [InlineData(79.99, "Advanced")]
    [InlineData(60, "Advanced")]
    [InlineData(59.99, "Established")]
    [InlineData(40, "Established")]
    [InlineData(39.99, "Emerging")]
    [InlineData(0, "Emerging")]
    public void Tier_boundaries(double score, string tier) => Assert.Equal(tier, Tiers.For(score));
}
