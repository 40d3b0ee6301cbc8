namespace PartnerExchange.Domain.Parties;

/// <summary>The two kinds of organisation in a program.</summary>
public static class PartyKind
{
    public const string Vendor = "vendor";
    public const string Partner = "partner";

    public static bool IsValid(string? kind) => kind is Vendor or Partner;
}
