using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Domain.Tests.Parties;

public sealed class ScopesTests
{
    [Fact]
    public void No_party_kind_may_hold_admin()
    {
        Assert.DoesNotContain(Scopes.Admin, Scopes.AllowedFor(PartyKind.Vendor));
        Assert.DoesNotContain(Scopes.Admin, Scopes.AllowedFor(PartyKind.Partner));
    }

    [Fact]
    public void Only_vendors_manage_scoring() =>
        Assert.Equal([PartyKind.Vendor], new[] { PartyKind.Vendor, PartyKind.Partner }.Where(k => Scopes.AllowedFor(k).Contains(Scopes.ScoringManage)));

    [Fact]
    public void Unknown_kinds_may_hold_nothing() => Assert.Empty(Scopes.AllowedFor("reseller"));

    [Fact]
    public void Every_scope_is_described() => Assert.All(Scopes.All, s => Assert.True(Scopes.Descriptions.ContainsKey(s)));

    [Fact]
    public void Scope_strings_parse_and_format_round_trip()
    {
        var parsed = Scopes.Parse("  exchange.read   scores.read ");

        Assert.Equal(["exchange.read", "scores.read"], parsed);
        Assert.Equal("exchange.read scores.read", Scopes.Format(parsed));
        Assert.Empty(Scopes.Parse(null));
    }

    [Fact]
    public void Validation_errors_collect_every_message_per_field()
    {
        var errors = new ValidationErrors().Add("a", "one").Add("a", "two").Require(false, "b", "three").Require(true, "c", "never");

        Assert.False(errors.IsValid);
        Assert.Equal(["one", "two"], errors.ToDictionary()["a"]);
        Assert.Equal(["a", "b"], errors.ToDictionary().Keys.Order());
    }
}
