using PartnerExchange.Domain.Contracts;
using PartnerExchange.Domain.Scoring;

namespace PartnerExchange.Domain.Tests.Scoring;

public sealed class ScorerTests
{
    private static readonly DateTimeOffset s_asOf = new(2026, 6, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly ContractTerms s_terms = new([new Obligation("adopt.onboarding_session", 45, null)], [], new Reciprocity("monitor", 0.5, 7), null, null);

    private static ScoringSignal Action(string partnership, string type, string customer, int day) =>
        new(type, type.Split('.')[0], "action", customer, "partner-" + partnership, partnership, s_asOf.AddDays(day), null);

    private static ScoringSignal Vendor(string type, string category, string customer, int day, double? value) =>
        new(type, type.Split('.')[0], category, customer, "vendor", null, s_asOf.AddDays(day), value);

    private static PartnershipFacts Facts(string id, params string[] customers) => new(id, customers, s_terms, []);

    /// <summary>
    /// The worked example. Partnership P1 serves C1 and C2; P2 also touches C1. asOf = 2026-06-30, default model
    /// (window 365 days, time decay with a 30-day half-life over 90 days, fullConfidenceEvidence 10).
    /// </summary>
    [Fact]
    public void Worked_example_computed_by_hand()
    {
        List<ScoringSignal> signals =
        [
            Action("P1", "adopt.onboarding_session", "C1", -40),
            Vendor("adopt.active_users", "observation", "C1", -20, 0.8),
            Action("P2", "adopt.training_delivered", "C1", -10),
            Vendor("land.deal_closed", "outcome", "C1", -10, 50_000),
            Action("P1", "renew.qbr_held", "C2", -65),
            Vendor("renew.churned", "outcome", "C2", -35, -6_000),
            Vendor("renew.renewed", "outcome", "C2", -5, 30_000),
        ];
        var facts = Facts("P1", "C1", "C2") with { Submissions = [new SubmissionCount("adopt.onboarding_session", DateOnly.FromDateTime(s_asOf.AddDays(-40).UtcDateTime), 4, 3)] };

        var measurement = Scorer.Measure(ScoringModel.Default, facts, signals, s_asOf);
        var result = Scorer.Score(ScoringModel.Default, measurement, [measurement]);

        // Outcomes. deal_closed at C1 (day -10, 50,000): P1 touched 30 days before → weight 2^(-30/30) = 0.5; P2 at the
        // same instant → weight 1. P1's share 0.5 / 1.5 = 1/3 → 16,666.67.
        // renewed at C2 (day -5, 30,000): only P1's QBR (60 days before) → share 1 → 30,000.
        // churned at C2 (day -35, −6,000): only P1's QBR (30 days before) → share 1 → −6,000.
        // raw = 16,666.67 + 30,000 − 6,000 = 40,666.67; evidence 3 outcomes.
        // The cohort is P1 alone (< 5), so percentile falls back to the target 100,000: 0.406667 → 30 × 0.406667 = 12.2 points.
        var outcomes = result.Components.Single(c => c.Key == "outcomes");
        Assert.Equal(40_666.67, outcomes.Raw!.Value, 2);
        Assert.Equal(0.406667, outcomes.Normalized!.Value, 6);
        Assert.Equal(12.2, outcomes.Points, 6);
        Assert.Equal(("target", 3), (outcomes.Normalization, outcomes.Evidence));

        // Adoption: C1's latest utilization 80 ÷ 100 = 0.8; C2 has none → mean 0.8 over 1 customer → 25 × 0.8 = 20.
        var adoption = result.Components.Single(c => c.Key == "adoption");
        Assert.Equal((0.8, 20.0, 1), (adoption.Raw!.Value, adoption.Points, adoption.Evidence));

        // Retention: 1 renewed of 1 renewed + 1 churned → 0.5 → 20 × 0.5 = 10.
        var retention = result.Components.Single(c => c.Key == "retention");
        Assert.Equal((0.5, 10.0, 2), (retention.Raw!.Value, retention.Points, retention.Evidence));

        // Reciprocity: onboarding within 45 days at C1 (day −40) but not at C2 → timeliness 1/2; validity 3 accepted ÷ 4
        // submitted on day −40 = 0.75 → compliance 0.375 → 15 × 0.375 = 5.625.
        var reciprocity = result.Components.Single(c => c.Key == "reciprocity");
        Assert.Equal((0.375, 5.625, 1), (reciprocity.Raw!.Value, reciprocity.Points, reciprocity.Evidence));

        // Convergence: P1's onboarding (day −40) is corroborated by the vendor's active users at day −20 (≤ 30 days); its
        // QBR (day −65) by the renewal at day −5 (≤ 120 days) → 2 of 2 → 10 × 1 = 10. P2's training is not P1's action.
        var convergence = result.Components.Single(c => c.Key == "convergence");
        Assert.Equal((1.0, 10.0, 2), (convergence.Raw!.Value, convergence.Points, convergence.Evidence));

        // Score 12.2 + 20 + 10 + 5.625 + 10 = 57.825 → 57.8, Established (40 ≤ s < 60).
        Assert.Equal(57.8, result.Score);
        Assert.Equal("Established", result.Tier);

        // Confidence: Σ weight/100 × min(1, evidence/10) = 0.3×0.3 + 0.25×0.1 + 0.2×0.2 + 0.15×0.1 + 0.1×0.2 = 0.19.
        Assert.Equal(0.19, result.Confidence, 6);

        // Reasons: C1's utilization earned 20 points; C2's renewal 10 and its churn −10 of retention; outcome points split
        // by share of the net credited value: C2 renewal 30,000/40,666.67 × 12.2 = 9.0, C1 deal 5.0, C2 churn −1.8;
        // C2's missing onboarding cost 15 × 0.75 × 1/2 = 5.625; each corroborated action earned 10/2 = 5.
        var reasons = result.Reasons.ToDictionary(r => (r.CustomerId, r.Component, r.Code), r => Math.Round(r.Points, 3));
        Assert.Equal(20, reasons[("C1", "adoption", "high_utilization")]);
        Assert.Equal(10, reasons[("C2", "retention", "renewed")]);
        Assert.Equal(-10, reasons[("C2", "retention", "churned")]);
        Assert.Equal(9, reasons[("C2", "outcomes", "attributed_outcome")]);
        Assert.Equal(5, reasons[("C1", "outcomes", "attributed_outcome")]);
        Assert.Equal(-1.8, reasons[("C2", "outcomes", "attributed_churn")]);
        Assert.Equal(-5.625, reasons[("C2", "reciprocity", "obligation_late")]);
        Assert.Equal(5, reasons[("C1", "convergence", "corroborated_action")]);
        Assert.Equal(20, result.Reasons[0].Points, 6);
        Assert.Equal(9, result.Reasons.Count);
    }

    [Fact]
    public void No_data_gives_no_score_and_zero_confidence()
    {
        var measurement = Scorer.Measure(ScoringModel.Default, new PartnershipFacts("P1", [], null, []), [], s_asOf);
        var result = Scorer.Score(ScoringModel.Default, measurement, []);

        Assert.Null(result.Score);
        Assert.Null(result.Tier);
        Assert.Equal(0, result.Confidence);
        Assert.All(result.Components, c => Assert.Equal(ComponentStatus.InsufficientData, c.Status));
        Assert.Contains(result.Warnings, w => w.Contains("no score yet", StringComparison.Ordinal));
    }

    [Fact]
    public void The_weight_of_components_without_data_is_redistributed_over_the_others()
    {
        // Only adoption has data: it carries all 100 points.
        var measurement = Scorer.Measure(ScoringModel.Default, new PartnershipFacts("P1", ["C1"], null, []),
            [Vendor("adopt.active_users", "observation", "C1", -1, 0.6)], s_asOf);
        var result = Scorer.Score(ScoringModel.Default, measurement, []);

        var adoption = result.Components.Single(c => c.Key == "adoption");
        Assert.Equal(100, adoption.EffectiveWeight, 6);
        Assert.Equal(60, result.Score);
        Assert.Equal("Advanced", result.Tier);
        Assert.Equal(0.25 * 0.1, result.Confidence, 6);
        Assert.Equal(4, result.Warnings.Count(w => w.Contains("redistributed", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_outcome_with_no_partner_action_is_evidence_but_earns_nothing()
    {
        var measurement = Scorer.Measure(ScoringModel.Default, Facts("P1", "C1"), [Vendor("land.deal_closed", "outcome", "C1", -1, 10_000)], s_asOf);

        var outcomes = measurement.Components["outcomes"];
        Assert.Equal((0.0, 1), (outcomes.Raw!.Value, outcomes.Evidence));
        Assert.Empty(outcomes.Contributions);
    }

    [Fact]
    public void Two_partners_touching_one_customer_share_the_credit_and_the_shares_sum_to_the_outcome()
    {
        List<ScoringSignal> signals = [Action("P1", "adopt.onboarding_session", "C1", -5), Action("P2", "adopt.onboarding_session", "C1", -5), Vendor("land.deal_closed", "outcome", "C1", -1, 900)];

        var p1 = Scorer.Measure(ScoringModel.Default, Facts("P1", "C1"), signals, s_asOf).Components["outcomes"].Raw;
        var p2 = Scorer.Measure(ScoringModel.Default, Facts("P2", "C1"), signals, s_asOf).Components["outcomes"].Raw;

        Assert.Equal(450, p1!.Value, 9);
        Assert.Equal(900, p1.Value + p2!.Value, 9);
    }

    [Fact]
    public void Churn_counts_against_outcomes_and_retention()
    {
        List<ScoringSignal> signals = [Action("P1", "renew.qbr_held", "C1", -10), Vendor("renew.churned", "outcome", "C1", -1, -5_000)];

        var measurement = Scorer.Measure(ScoringModel.Default, Facts("P1", "C1"), signals, s_asOf);

        Assert.Equal(-5_000, measurement.Components["outcomes"].Raw);
        Assert.Equal(0, measurement.Components["retention"].Raw);
        var result = Scorer.Score(ScoringModel.Default, measurement, []);
        Assert.Equal(0, result.Components.Single(c => c.Key == "outcomes").Normalized);
    }

    [Theory]
    [InlineData(-365, true)]
    [InlineData(-366, false)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void The_window_includes_both_ends(int day, bool counted)
    {
        var measurement = Scorer.Measure(ScoringModel.Default, Facts("P1", "C1"), [Vendor("renew.renewed", "outcome", "C1", day, 1)], s_asOf);

        Assert.Equal(counted ? 1 : 0, measurement.Components["retention"].Evidence);
    }

    [Fact]
    public void Signals_about_customers_not_approved_for_the_partnership_are_ignored()
    {
        var measurement = Scorer.Measure(ScoringModel.Default, Facts("P1", "C1"), [Vendor("adopt.active_users", "observation", "C9", -1, 1)], s_asOf);

        Assert.Null(measurement.Components["adoption"].Raw);
    }

    [Fact]
    public void Adoption_takes_the_latest_observation_per_customer_and_caps_utilization_at_one()
    {
        List<ScoringSignal> signals =
        [
            Vendor("adopt.active_users", "observation", "C1", -20, 0.2),
            Vendor("adopt.active_users", "observation", "C1", -2, 1.5),
            Vendor("adopt.active_users", "observation", "C2", -2, 0.4),
        ];

        var adoption = Scorer.Measure(ScoringModel.Default, Facts("P1", "C1", "C2"), signals, s_asOf).Components["adoption"];

        Assert.Equal(0.7, adoption.Raw!.Value, 9);
        Assert.Equal(2, adoption.Evidence);
    }

    [Theory]
    [InlineData(new double[] { 10, 20, 30, 40 }, 25, 0.5)]
    [InlineData(new double[] { 10, 20, 30, 40 }, 5, 0)]
    [InlineData(new double[] { 10, 20, 30, 40 }, 50, 1)]
    [InlineData(new double[] { 10, 10, 10, 10 }, 10, 0.5)]
    [InlineData(new double[] { 10, 20, 20, 40 }, 20, 0.5)]
    public void Percentiles_use_mid_ranks_so_ties_share_the_middle(double[] others, double value, double expected) =>
        Assert.Equal(expected, Scorer.Percentile(value, others), 9);

    [Fact]
    public void Outcomes_use_percentiles_once_the_cohort_has_five_partnerships()
    {
        static Measurement Outcome(string id, double raw) => new(id, ScoringModel.Default.Definition.Components.ToDictionary(c => c.Key,
            c => new ComponentMeasure(c.Key, c.Key == "outcomes" ? raw : null, c.Key == "outcomes" ? 1 : 0, "", [])));
        var cohort = new[] { Outcome("P1", 500), Outcome("P2", 100), Outcome("P3", 200), Outcome("P4", 300), Outcome("P5", 400) };

        var five = Scorer.Score(ScoringModel.Default, cohort[0], cohort);
        var four = Scorer.Score(ScoringModel.Default, cohort[0], cohort[..4]);

        Assert.Equal(("percentile", 1.0, 100.0), (five.Components[0].Normalization, five.Components[0].Normalized!.Value, five.Score!.Value));
        Assert.Equal(("target", 0.005), (four.Components[0].Normalization, four.Components[0].Normalized!.Value));
        Assert.Contains(four.Warnings, w => w.Contains("fewer than 5", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_inputs_and_asOf_give_the_same_result()
    {
        List<ScoringSignal> signals = [Action("P1", "adopt.onboarding_session", "C1", -5), Vendor("land.deal_closed", "outcome", "C1", -1, 900), Vendor("adopt.active_users", "observation", "C1", -1, 0.3)];

        var first = Scorer.Score(ScoringModel.Default, Scorer.Measure(ScoringModel.Default, Facts("P1", "C1"), signals, s_asOf), []);
        var second = Scorer.Score(ScoringModel.Default, Scorer.Measure(ScoringModel.Default, Facts("P1", "C1"), [.. Enumerable.Reverse(signals)], s_asOf), []);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(first), System.Text.Json.JsonSerializer.Serialize(second));
    }
}
