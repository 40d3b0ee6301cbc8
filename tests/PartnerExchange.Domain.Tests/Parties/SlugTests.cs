using PartnerExchange.Domain.Parties;

namespace PartnerExchange.Domain.Tests.Parties;

public sealed class SlugTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("northwind-msp")]
    [InlineData("a1b")]
    [InlineData("0-9")]
    public void Valid_slugs(string value) => Assert.True(Slug.IsValid(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("ac--me")]
    [InlineData("Acme")]
    [InlineData("acme msp")]
    [InlineData("acme_msp")]
    [InlineData("acmé")]
    public void Invalid_slugs(string? value) => Assert.False(Slug.IsValid(value));

    [Fact]
    public void Slug_length_is_bounded_to_3_through_64()
    {
        Assert.True(Slug.IsValid(new string('a', 64)));
        Assert.False(Slug.IsValid(new string('a', 65)));
    }
}
