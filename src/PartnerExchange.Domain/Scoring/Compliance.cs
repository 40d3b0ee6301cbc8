using PartnerExchange.Domain.Contracts;

namespace PartnerExchange.Domain.Scoring;

/// <summary>What the partner did about one obligation: the latest signal per approved customer, and items submitted and accepted in the window.</summary>
public sealed record ObligationActivity(string SignalType, IReadOnlyDictionary<string, DateTimeOffset> LatestByCustomer, int Submitted, int Accepted);

/// <summary>Fulfilment of one obligation: timeliness × validity, with the customers that are late.</summary>
public sealed record ObligationCompliance(string SignalType, int FreshnessDays, double Timeliness, double Validity, double Score, IReadOnlyList<string> LateCustomers);

/// <summary>The partner's compliance with its obligations (0–1), with every obligation's figures behind it.</summary>
public sealed record ComplianceResult(double Compliance, IReadOnlyList<ObligationCompliance> Obligations);

/// <summary>
/// DESIGN §6 compliance (reciprocity): per obligation, timeliness = share of approved customers with a signal of that
/// type within <c>freshnessDays</c> before <c>asOf</c>; validity = accepted ÷ submitted items of that type in the
/// window; compliance = mean over obligations of timeliness × validity.
/// </summary>
public static class Compliance
{
    /// <remarks>
    /// Edges: with no obligations nothing is owed (compliance 1); with no approved customers an obligation is on time
    /// (timeliness 1); with nothing submitted nothing was invalid (validity 1).
    /// </remarks>
    public static ComplianceResult Compute(IReadOnlyList<Obligation> obligations, IReadOnlyCollection<string> approvedCustomers,
        IReadOnlyDictionary<string, ObligationActivity> activity, DateTimeOffset asOf)
    {
        var results = new List<ObligationCompliance>(obligations.Count);
        foreach (var obligation in obligations)
        {
            var done = activity.GetValueOrDefault(obligation.SignalType);
            var freshFrom = asOf.AddDays(-obligation.FreshnessDays);
            var late = approvedCustomers
                .Where(c => done is null || !done.LatestByCustomer.TryGetValue(c, out var at) || at < freshFrom || at > asOf)
                .Order(StringComparer.Ordinal)
                .ToList();
            var timeliness = approvedCustomers.Count == 0 ? 1 : (double)(approvedCustomers.Count - late.Count) / approvedCustomers.Count;
            var validity = done is null || done.Submitted == 0 ? 1 : (double)done.Accepted / done.Submitted;
            results.Add(new ObligationCompliance(obligation.SignalType, obligation.FreshnessDays, timeliness, validity, timeliness * validity, late));
        }

        return new ComplianceResult(results.Count == 0 ? 1 : results.Average(r => r.Score), results);
    }
}
