using PartnerExchange.Domain.Parties;

namespace PartnerExchange.Domain.Auth;

/// <summary>The OAuth2 scopes of the API and which kind of caller may hold each.</summary>
public static class Scopes
{
    public const string ExchangeRead = "exchange.read";
    public const string ExchangeWrite = "exchange.write";
    public const string ContractsManage = "contracts.manage";
    public const string ScoresRead = "scores.read";
    public const string ScoringManage = "scoring.manage";
    public const string WebhooksManage = "webhooks.manage";
    public const string AuditRead = "audit.read";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } =
        [ExchangeRead, ExchangeWrite, ContractsManage, ScoresRead, ScoringManage, WebhooksManage, AuditRead, Admin];

    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [ExchangeRead] = "Read customers, links, signals and the change feed",
        [ExchangeWrite] = "Publish signals, manage customers and links",
        [ContractsManage] = "Draft, propose, accept and terminate data contracts",
        [ScoresRead] = "Read partner success scores, compliance and readiness",
        [ScoringManage] = "Manage scoring models and the program settings (vendors)",
        [WebhooksManage] = "Manage webhook subscriptions",
        [AuditRead] = "Read audit records",
        [Admin] = "Operate the platform: parties, clients, partnerships",
    };

    private static readonly string[] s_vendor =
        [ExchangeRead, ExchangeWrite, ContractsManage, ScoresRead, ScoringManage, WebhooksManage, AuditRead];

    // Scoring models and program settings belong to the vendor's program; a partner only reads its score.
    private static readonly string[] s_partner =
        [ExchangeRead, ExchangeWrite, ContractsManage, ScoresRead, WebhooksManage, AuditRead];

    /// <summary>The scopes an operator may grant to a client of a party of this kind (never <c>admin</c>).</summary>
    public static IReadOnlyList<string> AllowedFor(string partyKind) => partyKind switch
    {
        PartyKind.Vendor => s_vendor,
        PartyKind.Partner => s_partner,
        _ => [],
    };

    public static IReadOnlyList<string> Parse(string? spaceSeparated) =>
        string.IsNullOrWhiteSpace(spaceSeparated)
            ? []
            : spaceSeparated.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Format(IEnumerable<string> scopes) => string.Join(' ', scopes);
}
