namespace PartnerExchange.Domain.Scoring;

/// <summary>
/// One customer's part in a component: positive <c>Share</c> is the fraction of the component's weight the customer
/// earned, negative the fraction it cost. For outcomes, <c>Share</c> is the part of the net credited value (so of the points).
/// </summary>
public sealed record Contribution(string CustomerId, string Code, double Value, double Share);

/// <summary>
/// A component's raw value before normalisation (null when there is nothing to measure), with the evidence behind it:
/// how many facts it rests on (outcomes, customers observed, renewals and churns, obligations, rule-bound actions).
/// </summary>
public sealed record ComponentMeasure(string Key, double? Raw, int Evidence, string Explanation, IReadOnlyList<Contribution> Contributions);

/// <summary>Every component of one partnership measured at one moment.</summary>
public sealed record Measurement(string PartnershipId, IReadOnlyDictionary<string, ComponentMeasure> Components);

public static class ComponentStatus
{
    public const string Ok = "ok";
    public const string InsufficientData = "insufficient_data";
}

/// <summary>
/// A scored component: <c>EffectiveWeight</c> is the model's weight after redistributing the weight of components
/// without enough data; <c>Normalization</c> is the method actually applied (<c>target</c> when a percentile's cohort is too small).
/// </summary>
public sealed record ComponentScore(
    string Key, int Weight, double EffectiveWeight, double? Raw, double? Normalized, double Points, string Status, int Evidence,
    string Normalization, string Explanation);

/// <summary>Why a customer moved the score: positive points earned, negative points missed.</summary>
public sealed record ReasonCode(string CustomerId, string Component, string Code, double Value, double Points);

public sealed record ScoreResult(
    string PartnershipId, double? Score, string? Tier, double Confidence, IReadOnlyList<ComponentScore> Components,
    IReadOnlyList<ReasonCode> Reasons, IReadOnlyList<string> Warnings);

/// <summary>
/// DESIGN §6 partner success score: each component is measured from the signals inside the model's window, normalised,
/// weighted, and the weight of components without enough evidence is redistributed over the others.
/// </summary>
public static class Scorer
{
    public const int MaxReasons = 10;

    /// <summary>
    /// Measures every component of the model for one partnership. <paramref name="signals"/> holds the signals about the
    /// partnership's approved customers (from every publisher, so that attribution can share credit) from
    /// <see cref="From"/> to <paramref name="asOf"/>.
    /// </summary>
    public static Measurement Measure(ScoringModel model, PartnershipFacts facts, IReadOnlyList<ScoringSignal> signals, DateTimeOffset asOf)
    {
        var definition = model.Definition;
        var windowStart = asOf.AddDays(-definition.WindowDays);
        var approved = facts.ApprovedCustomers.ToHashSet(StringComparer.Ordinal);
        var mine = signals.Where(s => approved.Contains(s.CustomerId) && s.At <= asOf).ToList();
        var inWindow = mine.Where(s => s.At >= windowStart).ToList();
        var components = new Dictionary<string, ComponentMeasure>(StringComparer.Ordinal);
        foreach (var component in definition.Components)
        {
            components[component.Key] = component.Key switch
            {
                ComponentKeys.Outcomes => Outcomes(facts.PartnershipId, definition.Attribution, inWindow, mine),
                ComponentKeys.Adoption => Adoption(inWindow),
                ComponentKeys.Retention => Retention(inWindow),
                ComponentKeys.Reciprocity => Reciprocity(facts, mine, asOf),
                ComponentKeys.Convergence => ConvergenceOf(facts.PartnershipId, inWindow, mine),
                _ => throw new ArgumentOutOfRangeException(nameof(model), component.Key, "Unknown component."),
            };
        }

        return new Measurement(facts.PartnershipId, components);
    }

    /// <summary>The earliest signal time <see cref="Measure"/> needs: the window, the attribution lookback before it, and a year of obligations.</summary>
    public static DateTimeOffset From(ScoringModel model, DateTimeOffset asOf) =>
        asOf.AddDays(-Math.Max(model.Definition.WindowDays + model.Definition.Attribution.LookbackDays, 365));

    /// <summary>
    /// Turns a measurement into the score: normalises each component (percentiles against <paramref name="cohort"/>, the
    /// measurements of the vendor's other partnerships), weighs, redistributes, and explains.
    /// </summary>
    public static ScoreResult Score(ScoringModel model, Measurement own, IReadOnlyList<Measurement> cohort)
    {
        var definition = model.Definition;
        var others = cohort.Where(m => m.PartnershipId != own.PartnershipId).ToList();
        var warnings = new List<string>();
        var measured = definition.Components.Select(c => (Component: c, Measure: own.Components[c.Key])).ToList();
        bool HasData((ModelComponent Component, ComponentMeasure Measure) m) => m.Measure.Raw is not null && m.Measure.Evidence >= m.Component.RequiredEvidence;
        var okWeight = measured.Where(HasData).Sum(m => m.Component.Weight);

        var scores = new List<ComponentScore>();
        var reasons = new List<ReasonCode>();
        double total = 0, confidence = 0;
        foreach (var (component, measure) in measured)
        {
            if (!HasData((component, measure)))
            {
                warnings.Add($"{component.Key}: not enough data ({measure.Evidence} of {component.RequiredEvidence} needed); its {component.Weight} points were redistributed.");
                scores.Add(new ComponentScore(component.Key, component.Weight, 0, measure.Raw, null, 0, ComponentStatus.InsufficientData,
                    measure.Evidence, component.Normalization.Method, measure.Explanation));
                continue;
            }

            var effective = component.Weight * 100.0 / okWeight;
            var (normalized, method, note) = Normalize(component, measure.Raw!.Value,
                others.Select(o => o.Components.GetValueOrDefault(component.Key)).Where(m => m?.Raw is not null && m.Evidence >= component.RequiredEvidence).Select(m => m!.Raw!.Value).ToList());
            if (note is not null)
            {
                warnings.Add($"{component.Key}: {note}");
            }

            var points = effective * normalized;
            total += points;
            confidence += component.Weight / 100.0 * Math.Min(1, (double)measure.Evidence / definition.FullConfidenceEvidence);
            scores.Add(new ComponentScore(component.Key, component.Weight, effective, measure.Raw, normalized, points, ComponentStatus.Ok,
                measure.Evidence, method, measure.Explanation));
            var scale = component.Key == ComponentKeys.Outcomes ? points : effective;
            reasons.AddRange(measure.Contributions.Select(c => new ReasonCode(c.CustomerId, component.Key, c.Code, c.Value, scale * c.Share)));
        }

        if (okWeight == 0)
        {
            warnings.Add("No component has enough data: there is no score yet.");
        }

        var score = okWeight == 0 ? (double?)null : Math.Round(total, 1);
        var top = reasons.Where(r => r.Points != 0)
            .GroupBy(r => (r.CustomerId, r.Component, r.Code))
            .Select(g => new ReasonCode(g.Key.CustomerId, g.Key.Component, g.Key.Code, g.Sum(r => r.Value), g.Sum(r => r.Points)))
            .OrderByDescending(r => Math.Abs(r.Points)).ThenBy(r => r.CustomerId, StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Take(MaxReasons)
            .ToList();
        return new ScoreResult(own.PartnershipId, score, score is null ? null : Tiers.For(score.Value), Math.Round(confidence, 4), scores, top, warnings);
    }

    /// <summary>Mid-rank percentile of <paramref name="value"/> among <paramref name="others"/>: 0 below all, 1 above all, ties count half.</summary>
    public static double Percentile(double value, IReadOnlyCollection<double> others) =>
        others.Count == 0 ? 0.5 : (others.Count(o => o < value) + 0.5 * others.Count(o => o == value)) / others.Count;

    private static (double Normalized, string Method, string? Note) Normalize(ModelComponent component, double raw, IReadOnlyCollection<double> others)
    {
        var n = component.Normalization;
        var byTarget = Math.Clamp(raw / (n.Target ?? 1), 0, 1);
        return n.Method switch
        {
            NormalizationMethods.Ratio => (Math.Clamp(raw, 0, 1), n.Method, null),
            NormalizationMethods.Target => (byTarget, n.Method, null),
            NormalizationMethods.Percentile when others.Count + 1 >= (n.MinCohort ?? 5) => (Percentile(raw, others), n.Method, null),
            NormalizationMethods.Percentile => (byTarget, NormalizationMethods.Target,
                $"the cohort has fewer than {n.MinCohort ?? 5} partnerships with data, so it is normalised linearly to the target {n.Target}."),
            _ => throw new ArgumentOutOfRangeException(nameof(component), n.Method, "Unknown normalisation."),
        };
    }

    /// <summary>Attributed value of the outcomes at the partnership's customers in the window.</summary>
    private static ComponentMeasure Outcomes(string partnershipId, AttributionSettings settings, List<ScoringSignal> inWindow, List<ScoringSignal> all)
    {
        var outcomes = inWindow.Where(s => s.IsOutcome)
            .Select((s, i) => new Outcome($"{s.CustomerId}#{i}", s.CustomerId, s.At, s.Value ?? 1)).ToList();
        var touches = all.Where(s => s.IsPartnerAction).Select(s => new Touch(s.PartnershipId!, s.CustomerId, s.At)).ToList();
        var credits = Attribution.Attribute(outcomes, touches, AttributionModels.Parse(settings.Model), settings.LookbackDays, settings.HalfLifeDays)
            .Where(c => c.PartnershipId == partnershipId).ToList();
        var customerOf = outcomes.ToDictionary(o => o.Id, o => o.CustomerId, StringComparer.Ordinal);
        var raw = credits.Sum(c => c.Value);

        // Each credit's part of the net credited value, so that the outcome points split exactly over the customers.
        var contributions = credits
            .Select(c => new Contribution(customerOf[c.OutcomeId], c.Value < 0 ? "attributed_churn" : "attributed_outcome", c.Value, raw > 0 ? c.Value / raw : 0))
            .ToList();
        var attributed = credits.Select(c => c.OutcomeId).Distinct().Count();
        return new ComponentMeasure(ComponentKeys.Outcomes, outcomes.Count == 0 ? null : raw, outcomes.Count,
            $"{outcomes.Count} outcomes at approved customers in the window, {attributed} attributed in part to this partnership's actions; credited value {raw:0.##}.",
            contributions);
    }

    /// <summary>Mean utilization (activeUsers ÷ licensedUsers, capped at 1) over approved customers, latest observation each.</summary>
    private static ComponentMeasure Adoption(List<ScoringSignal> inWindow)
    {
        var latest = inWindow.Where(s => s.TypeKey == ScoringSignals.ActiveUsers && s.Value is not null)
            .GroupBy(s => s.CustomerId, StringComparer.Ordinal)
            .Select(g => (Customer: g.Key, Utilization: Math.Clamp(g.MaxBy(s => s.At)!.Value!.Value, 0, 1)))
            .OrderBy(c => c.Customer, StringComparer.Ordinal)
            .ToList();
        if (latest.Count == 0)
        {
            return new ComponentMeasure(ComponentKeys.Adoption, null, 0, "No active-users observation at an approved customer in the window.", []);
        }

        var n = latest.Count;
        var contributions = latest.Select(c => c.Utilization >= 0.5
            ? new Contribution(c.Customer, "high_utilization", c.Utilization, c.Utilization / n)
            : new Contribution(c.Customer, "low_utilization", c.Utilization, -(1 - c.Utilization) / n)).ToList();
        var mean = latest.Average(c => c.Utilization);
        return new ComponentMeasure(ComponentKeys.Adoption, mean, n, $"Mean utilization {mean:0.###} over {n} approved customers (latest observation each).", contributions);
    }

    /// <summary>Renewed ÷ (renewed + churned) over approved customers in the window.</summary>
    private static ComponentMeasure Retention(List<ScoringSignal> inWindow)
    {
        var events = inWindow.Where(s => s.TypeKey is ScoringSignals.Renewed or ScoringSignals.Churned).ToList();
        if (events.Count == 0)
        {
            return new ComponentMeasure(ComponentKeys.Retention, null, 0, "No renewal or churn at an approved customer in the window.", []);
        }

        var renewed = events.Count(s => s.TypeKey == ScoringSignals.Renewed);
        var contributions = events.Select(s => s.TypeKey == ScoringSignals.Renewed
            ? new Contribution(s.CustomerId, "renewed", 1, 1.0 / events.Count)
            : new Contribution(s.CustomerId, "churned", 1, -1.0 / events.Count)).ToList();
        return new ComponentMeasure(ComponentKeys.Retention, (double)renewed / events.Count, events.Count,
            $"{renewed} renewed of {events.Count} renewals and churns in the window.", contributions);
    }

    /// <summary>Compliance with the active contract's obligations (DESIGN §6).</summary>
    private static ComponentMeasure Reciprocity(PartnershipFacts facts, List<ScoringSignal> mine, DateTimeOffset asOf)
    {
        if (facts.Terms is null || facts.Terms.Obligations.Count == 0)
        {
            return new ComponentMeasure(ComponentKeys.Reciprocity, null, 0,
                facts.Terms is null ? "No active contract, so no obligations to measure." : "The active contract has no obligations.", []);
        }

        var result = ComplianceOf(facts, mine, asOf)!;
        var perObligation = 1.0 / result.Obligations.Count;
        var customers = Math.Max(1, facts.ApprovedCustomers.Count);
        var contributions = result.Obligations
            .SelectMany(o => o.LateCustomers.Select(c => new Contribution(c, "obligation_late", 1, -perObligation * o.Validity / customers)))
            .ToList();
        return new ComponentMeasure(ComponentKeys.Reciprocity, result.Compliance, result.Obligations.Count,
            $"Compliance {result.Compliance:0.###}: mean of timeliness × validity over {result.Obligations.Count} obligations.", contributions);
    }

    /// <summary>The partner's compliance with the terms in <paramref name="facts"/> (null without a contract), from the signals it published.</summary>
    public static ComplianceResult? ComplianceOf(PartnershipFacts facts, IEnumerable<ScoringSignal> signals, DateTimeOffset asOf)
    {
        if (facts.Terms is null)
        {
            return null;
        }

        var published = signals.Where(s => s.PartnershipId == facts.PartnershipId).Select(s => (s.TypeKey, s.CustomerId, s.At));
        return Compliance.Compute(facts.Terms.Obligations, facts.ApprovedCustomers,
            Compliance.Activities(facts.Terms.Obligations, published, facts.Submissions, asOf), asOf);
    }

    /// <summary>Corroborated ÷ rule-bound actions of the partnership in the window.</summary>
    private static ComponentMeasure ConvergenceOf(string partnershipId, List<ScoringSignal> inWindow, List<ScoringSignal> all)
    {
        var actions = inWindow.Where(s => s.IsPartnerAction && s.PartnershipId == partnershipId)
            .Select(s => new Observation(s.TypeKey, s.CustomerId, s.PublisherId, s.At)).ToList();
        var evidence = all.Select(s => new Observation(s.TypeKey, s.CustomerId, s.PublisherId, s.At)).ToList();
        var classified = Convergence.Classify(actions, evidence);
        var bound = classified.Count;
        var corroborated = classified.Count(c => c.Corroborated);
        var contributions = classified.Select(c => c.Corroborated
            ? new Contribution(c.Action.CustomerId, "corroborated_action", 1, 1.0 / bound)
            : new Contribution(c.Action.CustomerId, "uncorroborated_action", 1, -1.0 / bound)).ToList();
        return new ComponentMeasure(ComponentKeys.Convergence, bound == 0 ? null : (double)corroborated / bound, bound,
            $"{corroborated} of {bound} rule-bound actions corroborated by another publisher's evidence.", contributions);
    }
}
