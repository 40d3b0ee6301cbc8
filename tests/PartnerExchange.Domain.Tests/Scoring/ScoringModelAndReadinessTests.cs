using PartnerExchange.Domain.Scoring;

namespace PartnerExchange.Domain.Tests.Scoring;

public sealed class ScoringModelRulesTests
{
    private static ScoringModelDefinition Valid => ScoringModel.Default.Definition;

    [Fact]
    public void The_default_model_is_valid_and_matches_the_design() =>
        Assert.True(ScoringModelRules.Validate(Valid).IsValid);

    [Fact]
    public void Every_error_is_listed_with_its_path()
    {
        var model = Valid with
        {
            Name = "",
            WindowDays = 10,
            Attribution = new AttributionSettings("w_shaped", 0, 0),
            Components =
            [
                new ModelComponent("outcomes", 50, new Normalization("percentile")),
                new ModelComponent("happiness", 20, new Normalization("ratio")),
                new ModelComponent("adoption", 20, new Normalization("target", Target: -1)),
                new ModelComponent("adoption", 0, new Normalization("zscore")),
            ],
        };

        var errors = ScoringModelRules.Validate(model).ToDictionary();

        Assert.Equal(
            ["attribution.halfLifeDays", "attribution.lookbackDays", "attribution.model", "components", "components[0].normalization.target",
             "components[1].key", "components[2].normalization.target", "components[3].normalization.method", "components[3].weight", "name", "windowDays"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(errors["components"], e => e.Contains("sum to 90", StringComparison.Ordinal));
        Assert.Contains(errors["components"], e => e.Contains("'adoption' appears 2 times", StringComparison.Ordinal));
    }

    [Fact]
    public void Ratio_takes_no_parameters_and_does_not_apply_to_outcomes()
    {
        var model = Valid with
        {
            Components = [new ModelComponent("outcomes", 60, new Normalization("ratio")), new ModelComponent("adoption", 40, new Normalization("ratio", Target: 2))],
        };

        var errors = ScoringModelRules.Validate(model).ToDictionary();

        Assert.Equal(["components[0].normalization.method", "components[1].normalization"], errors.Keys.Order(StringComparer.Ordinal));
    }
}

public sealed class ReadinessTests
{
    private static readonly DateTimeOffset s_asOf = new(2026, 6, 30, 0, 0, 0, TimeSpan.Zero);

    private static ScoringSignal Signal(string type, string category, string customer, int day, string? partnership = null) =>
        new(type, type.Split('.')[0], category, customer, partnership is null ? "vendor" : "partner", partnership, s_asOf.AddDays(day), category == "outcome" ? 100 : null);

    [Fact]
    public void An_empty_program_is_level_one_with_everything_to_do()
    {
        var result = Readiness.Evaluate(new ReadinessInputs(ScoringModel.Default, ProgramSettings.Empty, [], [], s_asOf));

        Assert.Equal(1, result.Level);
        Assert.All(result.Pillars, p => Assert.Equal(0, p.Score));
        Assert.Equal(["definition", "attribution", "leadership", "reciprocity", "convergence"], result.Pillars.Select(p => p.Key));
        Assert.NotEmpty(result.ToRaise);
        Assert.Contains("Level 2 needs a mean of 20", result.NextLevel, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_pillar_follows_the_design()
    {
        List<ScoringSignal> signals =
        [
            Signal("adopt.onboarding_session", "action", "C1", -40, "P1"),
            Signal("adopt.active_users", "observation", "C1", -20),
            Signal("land.deal_closed", "outcome", "C1", -10),
            Signal("renew.renewed", "outcome", "C2", -5),
            Signal("renew.qbr_held", "action", "C3", -5, "P2"),
        ];
        var program = new ProgramSettings("Ada Lovelace", 90, new DateOnly(2026, 5, 1), ["tiering"]);
        PartnershipReciprocity[] partnerships = [new("P1", true, 0.5), new("P2", true, 1.0), new("P3", false, null), new("P4", false, null)];

        var result = Readiness.Evaluate(new ReadinessInputs(ScoringModel.Default, program, signals, partnerships, s_asOf));
        var pillars = result.Pillars.ToDictionary(p => p.Key, p => p.Score);

        Assert.Equal(75, pillars["definition"]);      // land, adopt, renew have data; expand has none
        Assert.Equal(50, pillars["attribution"]);     // the C1 deal has P1's onboarding before it; the C2 renewal has no action
        Assert.Equal(100, pillars["leadership"]);     // sponsor, cadence, reviewed 60 days ago within 90
        Assert.Equal(37.5, pillars["reciprocity"]);   // 2 of 4 two-way × mean compliance 0.75
        Assert.Equal(50, pillars["convergence"]);     // onboarding corroborated by active users; the QBR has no renewal at C3
        Assert.Equal(62.5, result.Overall);
        Assert.Equal(4, result.Level);
    }

    [Fact]
    public void A_review_older_than_the_cadence_does_not_count()
    {
        var program = new ProgramSettings("Ada", 30, new DateOnly(2026, 5, 1), []);

        var leadership = Readiness.Evaluate(new ReadinessInputs(ScoringModel.Default, program, [], [], s_asOf)).Pillars.Single(p => p.Key == "leadership");

        Assert.Equal(66.7, leadership.Score);
        Assert.Single(leadership.Improvements);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(19.9, 1)]
    [InlineData(20, 2)]
    [InlineData(59.9, 3)]
    [InlineData(60, 4)]
    [InlineData(80, 5)]
    public void Levels_from_the_mean(double overall, int level) => Assert.Equal(level, Readiness.LevelFor(overall));
}
