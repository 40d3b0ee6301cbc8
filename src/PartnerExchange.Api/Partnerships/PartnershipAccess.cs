using PartnerExchange.Api.Auth;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Domain.Parties;

namespace PartnerExchange.Api.Partnerships;

/// <summary>The caller's place in a partnership.</summary>
/// <param name="Partnership">The partnership.</param>
/// <param name="PartyId">The caller's party (empty for the operator).</param>
/// <param name="IsVendor">Whether the caller is the partnership's vendor.</param>
/// <param name="IsParty">Whether the caller is one of its two parties (the operator only reads).</param>
/// <param name="Active">Whether the partnership's status is active.</param>
public sealed record Member(PartnershipRow Partnership, string PartyId, bool IsVendor, bool IsParty, bool Active);

public static class PartnershipAccess
{
    /// <summary>The caller's membership; null when it may not see the partnership (which the API answers as 404).</summary>
    public static async Task<Member?> ResolveAsync(PartnershipsData partnerships, string partnershipId, Caller caller, CancellationToken ct)
    {
        var partnership = await partnerships.GetAsync(partnershipId, ct);
        if (partnership is null)
        {
            return null;
        }

        var isVendor = caller.Is(partnership.VendorId);
        var isParty = isVendor || caller.Is(partnership.PartnerId);
        return isParty || caller.IsOperator
            ? new Member(partnership, caller.PartyId ?? "", isVendor, isParty, partnership.Status == PartnershipStatus.Active)
            : null;
    }
}
