namespace PartnerExchange.Domain.Scoring;

/// <summary>A partner action of <c>ActionType</c> is corroborated by a signal of <c>EvidenceType</c> within <c>WithinDays</c> after it.</summary>
public sealed record ConvergenceRule(string ActionType, string EvidenceType, int WithinDays);

/// <summary>A signal as convergence sees it: type, customer, publisher and time.</summary>
public sealed record Observation(string TypeKey, string CustomerId, string PublisherId, DateTimeOffset At);

/// <summary>How many rule-bound actions there were and how many of them were corroborated.</summary>
public sealed record ConvergenceResult(int RuleBoundActions, int Corroborated)
{
    /// <summary>Corroborated ÷ rule-bound actions; null when no action falls under a rule (not enough data).</summary>
    public double? Rate => RuleBoundActions == 0 ? null : (double)Corroborated / RuleBoundActions;
}

/// <summary>DESIGN §6 convergence (signal corroboration).</summary>
public static class Convergence
{
    public static IReadOnlyList<ConvergenceRule> DefaultRules { get; } =
    [
        new("adopt.onboarding_session", "adopt.active_users", 30),
        new("adopt.deployment_completed", "adopt.active_users", 30),
        new("adopt.training_delivered", "adopt.feature_adoption", 45),
        new("renew.qbr_held", "renew.renewed", 120),
        new("expand.opportunity_identified", "expand.upsell_closed", 180),
        new("land.deal_registered", "land.deal_closed", 180),
    ];

    /// <summary>
    /// Counts the actions that some rule covers, and those corroborated: a signal of the rule's evidence type about the
    /// same customer, from another publisher, at or after the action and no later than <c>WithinDays</c> after it.
    /// </summary>
    public static ConvergenceResult Evaluate(IReadOnlyList<Observation> actions, IReadOnlyList<Observation> evidence, IReadOnlyList<ConvergenceRule>? rules = null)
    {
        var classified = Classify(actions, evidence, rules);
        return new ConvergenceResult(classified.Count, classified.Count(c => c.Corroborated));
    }

    /// <summary>Each action that some rule covers, with whether it is corroborated (see <see cref="Evaluate"/>).</summary>
    public static IReadOnlyList<(Observation Action, bool Corroborated)> Classify(
        IReadOnlyList<Observation> actions, IReadOnlyList<Observation> evidence, IReadOnlyList<ConvergenceRule>? rules = null)
    {
        var rulesByAction = (rules ?? DefaultRules).ToLookup(r => r.ActionType, StringComparer.Ordinal);
        var evidenceTypes = (rules ?? DefaultRules).Select(r => r.EvidenceType).ToHashSet(StringComparer.Ordinal);
        var evidenceIndex = evidence.Where(e => evidenceTypes.Contains(e.TypeKey)).ToLookup(e => (e.TypeKey, e.CustomerId));
        var classified = new List<(Observation, bool)>();
        foreach (var action in actions)
        {
            var applicable = rulesByAction[action.TypeKey].ToList();
            if (applicable.Count == 0)
            {
                continue;
            }

            classified.Add((action, applicable.Any(rule => evidenceIndex[(rule.EvidenceType, action.CustomerId)].Any(e =>
                e.PublisherId != action.PublisherId && e.At >= action.At && e.At <= action.At.AddDays(rule.WithinDays)))));
        }

        return classified;
    }
}
