using System.Text.Json;
using PartnerExchange.Domain.Scoring;

namespace PartnerExchange.Domain.Tests.Scoring;

public sealed class AttributionTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static Outcome Won(double value = 1000, int day = 0, string customer = "C1", string id = "o1") => new(id, customer, s_t0.AddDays(day), value);

    private static Touch By(string partnership, int day, string customer = "C1") => new(partnership, customer, s_t0.AddDays(day));

    private static Dictionary<string, double> Shares(IEnumerable<Credit> credits) => credits.ToDictionary(c => c.PartnershipId, c => c.Share);

    [Fact]
    public void An_outcome_without_partner_action_is_unattributed() =>
        Assert.Empty(Attribution.Attribute([Won()], [By("P1", -1, customer: "C2")]));

    [Fact]
    public void Actions_after_the_outcome_earn_nothing() => Assert.Empty(Attribution.Attribute([Won()], [By("P1", 1)]));

    [Fact]
    public void The_lookback_window_includes_its_boundary_and_nothing_before_it()
    {
        var onBoundary = new Touch("P1", "C1", s_t0.AddDays(-90));
        var justBefore = new Touch("P2", "C1", s_t0.AddDays(-90).AddTicks(-1));

        var credits = Attribution.Attribute([Won()], [onBoundary, justBefore], AttributionModel.Linear);

        Assert.Equal(["P1"], credits.Select(c => c.PartnershipId));
    }

    [Fact]
    public void An_action_at_the_same_instant_as_the_outcome_counts() =>
        Assert.Single(Attribution.Attribute([Won()], [By("P1", 0)]));

    [Theory]
    [InlineData(AttributionModel.FirstTouch, "P1")]
    [InlineData(AttributionModel.LastTouch, "P2")]
    public void First_and_last_touch_give_everything_to_one_partnership(AttributionModel model, string winner)
    {
        var credits = Attribution.Attribute([Won()], [By("P1", -50), By("P2", -5), By("P1", -20)], model);

        Assert.Equal(new Dictionary<string, double> { [winner] = 1 }, Shares(credits));
    }

    [Fact]
    public void Touches_at_the_same_instant_share_first_touch_equally() =>
        Assert.Equal(new Dictionary<string, double> { ["P1"] = 0.5, ["P2"] = 0.5 },
            Shares(Attribution.Attribute([Won()], [By("P1", -10), By("P2", -10)], AttributionModel.FirstTouch)));

    [Fact]
    public void Linear_credit_follows_the_number_of_actions_of_two_partners_at_one_customer()
    {
        var credits = Attribution.Attribute([Won(900)], [By("P1", -30), By("P1", -20), By("P2", -10)], AttributionModel.Linear);

        Assert.Equal(2.0 / 3, Shares(credits)["P1"], 10);
        Assert.Equal(1.0 / 3, Shares(credits)["P2"], 10);
        Assert.Equal(600, credits.Single(c => c.PartnershipId == "P1").Value, 10);
    }

    /// <summary>
    /// Worked example, by hand. Outcome worth 1,000 on day 0; half-life 30 days.
    /// P1 acted on day −30: weight 2^(−30/30) = 0.5. P2 acted on day −60: weight 2^(−60/30) = 0.25.
    /// Total 0.75, so P1 gets 0.5 / 0.75 = 2/3 (666.67) and P2 0.25 / 0.75 = 1/3 (333.33).
    /// </summary>
    [Fact]
    public void Time_decay_worked_example()
    {
        var credits = Attribution.Attribute([Won(1000)], [By("P1", -30), By("P2", -60)], AttributionModel.TimeDecay, halfLifeDays: 30);

        Assert.Equal(2.0 / 3, Shares(credits)["P1"], 10);
        Assert.Equal(1.0 / 3, Shares(credits)["P2"], 10);
        Assert.Equal(666.6666666667, credits.Single(c => c.PartnershipId == "P1").Value, 6);
    }

    [Theory]
    [InlineData(AttributionModel.FirstTouch)]
    [InlineData(AttributionModel.LastTouch)]
    [InlineData(AttributionModel.Linear)]
    [InlineData(AttributionModel.TimeDecay)]
    public void The_credits_of_one_outcome_sum_to_one(AttributionModel model)
    {
        var credits = Attribution.Attribute([Won(), Won(id: "o2", day: 40)], [By("P1", -3), By("P2", -70), By("P3", 20), By("P1", 39)], model);

        foreach (var outcome in credits.GroupBy(c => c.OutcomeId))
        {
            Assert.Equal(1, outcome.Sum(c => c.Share), 10);
        }
    }

    [Fact]
    public void Churn_carries_negative_value_into_the_credit()
    {
        var value = Attribution.OutcomeValue("renew.churned", JsonDocument.Parse("""{"lostAmount":5000,"currency":"EUR"}""").RootElement);

        var credit = Assert.Single(Attribution.Attribute([Won(value)], [By("P1", -5)]));

        Assert.Equal(-5000, credit.Value);
    }

    [Theory]
    [InlineData("land.deal_closed", """{"dealId":"d","amount":1200,"currency":"EUR"}""", 1200)]
    [InlineData("renew.renewed", """{"amount":300,"currency":"EUR"}""", 300)]
    [InlineData("renew.churned", """{"lostAmount":80,"currency":"EUR"}""", -80)]
    [InlineData("adopt.active_users", """{"activeUsers":1,"licensedUsers":2}""", 1)]
    public void Outcome_value_is_the_amount_or_one(string type, string payload, double expected) =>
        Assert.Equal(expected, Attribution.OutcomeValue(type, JsonDocument.Parse(payload).RootElement));

    [Fact]
    public void The_same_inputs_give_the_same_credits() =>
        Assert.Equal(
            Attribution.Attribute([Won(), Won(id: "o2", day: 3)], [By("P2", -2), By("P1", -1)]),
            Attribution.Attribute([Won(id: "o2", day: 3), Won()], [By("P1", -1), By("P2", -2)]));
}
