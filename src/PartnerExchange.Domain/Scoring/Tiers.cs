namespace PartnerExchange.Domain.Scoring;

/// <summary>DESIGN §6 tiers: ≥ 80 Strategic, ≥ 60 Advanced, ≥ 40 Established, else Emerging.</summary>
public static class Tiers
{
    public static string For(double score) => score switch
    {
        >= 80 => "Strategic",
        >= 60 => "Advanced",
        >= 40 => "Established",
        _ => "Emerging",
    };
}
