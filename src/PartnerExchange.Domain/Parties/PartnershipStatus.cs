namespace PartnerExchange.Domain.Parties;

public static class PartnershipStatus
{
    public const string Active = "active";
    public const string Suspended = "suspended";
    public const string Ended = "ended";

    public static bool IsValid(string? status) => status is Active or Suspended or Ended;
}
