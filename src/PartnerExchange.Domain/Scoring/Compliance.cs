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

    /// <summary>
    /// What the partner did about each obligation at <paramref name="asOf"/>: the latest signal per customer, and the items
    /// submitted and accepted from the first day of the obligation's freshness window on.
    /// </summary>
    public static IReadOnlyDictionary<string, ObligationActivity> Activities(IReadOnlyList<Obligation> obligations,
        IEnumerable<(string TypeKey, string CustomerId, DateTimeOffset At)> published, IReadOnlyList<SubmissionCount> submissions, DateTimeOffset asOf)
    {
        var latest = published.Where(p => p.At <= asOf)
            .GroupBy(p => (p.TypeKey, p.CustomerId))
            .ToLookup(g => g.Key.TypeKey, g => (g.Key.CustomerId, At: g.Max(p => p.At)), StringComparer.Ordinal);
        var activities = new Dictionary<string, ObligationActivity>(StringComparer.Ordinal);
        foreach (var obligation in obligations)
        {
            var fromDay = DateOnly.FromDateTime(asOf.AddDays(-obligation.FreshnessDays).UtcDateTime);
            var toDay = DateOnly.FromDateTime(asOf.UtcDateTime);
            var window = submissions.Where(d => d.TypeKey == obligation.SignalType && d.Day >= fromDay && d.Day <= toDay).ToList();
            activities[obligation.SignalType] = new ObligationActivity(obligation.SignalType,
                latest[obligation.SignalType].ToDictionary(l => l.CustomerId, l => l.At, StringComparer.Ordinal),
                window.Sum(d => d.Submitted), window.Sum(d => d.Accepted));
        }

        return activities;
    }
}
