using PartnerExchange.Domain.Contracts;
using PartnerExchange.Domain.Signals;

namespace PartnerExchange.Domain.Tests.Contracts;

public sealed class ContractRulesTests
{
    private static readonly IReadOnlyDictionary<string, SignalType> s_types = BuiltInSignalTypes.All.ToDictionary(t => t.Key);

    private static ContractTerms Terms(
        IReadOnlyList<Obligation>? obligations = null, IReadOnlyList<Entitlement>? entitlements = null, Reciprocity? reciprocity = null, string? notes = null) =>
        new(obligations ?? [new Obligation("adopt.onboarding_session", 30, null)],
            entitlements ?? [new Entitlement("adopt.active_users", ["activeUsers"], 90)],
            reciprocity ?? new Reciprocity("enforce", 0.6, 14), null, notes);

    private static IDictionary<string, string[]> Errors(ContractTerms terms) => ContractRules.Validate(terms, s_types).ToDictionary();

    [Fact]
    public void A_sound_contract_has_no_errors() => Assert.Empty(Errors(Terms()));

    [Fact]
    public void An_empty_contract_is_allowed() => Assert.Empty(Errors(Terms([], [])));

    [Fact]
    public void Obligations_name_partner_publishable_types() =>
        Assert.Contains("obligations[0].signalType", Errors(Terms(obligations: [new Obligation("adopt.active_users", 30, null)])).Keys);

    [Fact]
    public void Types_published_by_any_may_be_obligations_and_entitlements() =>
        Assert.Empty(Errors(Terms([new Obligation("adopt.health_score", 30, null)], [new Entitlement("csat.survey", null, 0)])));

    [Fact]
    public void Entitlements_name_vendor_publishable_types() =>
        Assert.Contains("entitlements[0].signalType", Errors(Terms(entitlements: [new Entitlement("renew.qbr_held", null, 30)])).Keys);

    [Fact]
    public void Unknown_types_are_reported() =>
        Assert.Equal(["entitlements[0].signalType", "obligations[0].signalType"],
            Errors(Terms([new Obligation("x-nope", 30, null)], [new Entitlement("x-nope", null, 30)])).Keys.Order());

    [Fact]
    public void Entitlement_fields_must_exist_in_the_schema() =>
        Assert.Contains("entitlements[0].fields[1]", Errors(Terms(entitlements: [new Entitlement("adopt.active_users", ["activeUsers", "seats"], 30)])).Keys);

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(365, true)]
    [InlineData(366, false)]
    public void Freshness_days_are_1_to_365(int days, bool valid) =>
        Assert.Equal(valid, !Errors(Terms(obligations: [new Obligation("adopt.onboarding_session", days, null)])).ContainsKey("obligations[0].freshnessDays"));

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(3650, true)]
    [InlineData(3651, false)]
    public void Lookback_days_are_0_to_3650(int days, bool valid) =>
        Assert.Equal(valid, !Errors(Terms(entitlements: [new Entitlement("adopt.active_users", null, days)])).ContainsKey("entitlements[0].lookbackDays"));

    [Theory]
    [InlineData(-0.01, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(1.01, false)]
    public void Minimum_compliance_is_0_to_1(double value, bool valid) =>
        Assert.Equal(valid, !Errors(Terms(reciprocity: new Reciprocity("monitor", value, 0))).ContainsKey("reciprocity.minimumCompliance"));

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(90, true)]
    [InlineData(91, false)]
    public void Grace_days_are_0_to_90(int days, bool valid) =>
        Assert.Equal(valid, !Errors(Terms(reciprocity: new Reciprocity("enforce", 0.5, days))).ContainsKey("reciprocity.graceDays"));

    [Fact]
    public void Mode_is_enforce_or_monitor() =>
        Assert.Contains("reciprocity.mode", Errors(Terms(reciprocity: new Reciprocity("strict", 0.5, 1))).Keys);

    [Fact]
    public void Min_validity_is_0_to_1() =>
        Assert.Contains("obligations[0].minValidity", Errors(Terms(obligations: [new Obligation("adopt.onboarding_session", 30, 1.5)])).Keys);

    [Fact]
    public void A_type_listed_twice_is_reported() =>
        Assert.Contains("obligations", Errors(Terms(obligations: [new Obligation("renew.qbr_held", 30, null), new Obligation("renew.qbr_held", 60, null)])).Keys);

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var errors = Errors(Terms([new Obligation("adopt.active_users", 0, 2)], [new Entitlement("renew.qbr_held", null, -1)], new Reciprocity("x", 2, 100)));

        Assert.Equal(8, errors.Keys.Count);
    }

    [Fact]
    public void Referenced_types_are_the_distinct_obligation_and_entitlement_types() =>
        Assert.Equal(["adopt.onboarding_session", "adopt.active_users"], ContractRules.ReferencedTypes(Terms()));
}
