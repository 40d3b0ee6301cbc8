using PartnerExchange.Domain.Auth;

namespace PartnerExchange.Api.Auth;

/// <summary>
/// Authorization policies: one per scope (named as the scope), plus read policies met by any of
/// several scopes. The OpenAPI document states each operation's scopes from this table.
/// </summary>
public static class Policies
{
    /// <summary>Reading contracts and the signal-type catalogue: whoever exchanges data or manages contracts.</summary>
    public const string ContractsRead = "contracts.read";

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Scopes { get; } =
        Domain.Auth.Scopes.All.ToDictionary(s => s, s => (IReadOnlyList<string>)[s])
            .Append(new(ContractsRead, [Domain.Auth.Scopes.ContractsManage, Domain.Auth.Scopes.ExchangeRead, Domain.Auth.Scopes.Admin]))
            .ToDictionary(p => p.Key, p => p.Value);
}
