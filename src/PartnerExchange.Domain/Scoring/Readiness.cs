namespace PartnerExchange.Domain.Scoring;

/// <summary>The vendor's program settings that readiness's leadership pillar looks at.</summary>
public sealed record ProgramSettings(string? ExecutiveSponsor, int? ReviewCadenceDays, DateOnly? LastReviewOn, IReadOnlyList<string> ScoreUses)
{
    public static ProgramSettings Empty { get; } = new(null, null, null, []);
}

/// <summary>One active partnership as the reciprocity pillar sees it: whether data flows both ways, and its compliance.</summary>
public sealed record PartnershipReciprocity(string PartnershipId, bool TwoWay, double? Compliance);

/// <summary>Everything readiness is computed from, for the vendor's whole program in the model's window.</summary>
public sealed record ReadinessInputs(
    ScoringModel Model,
    ProgramSettings Program,
    IReadOnlyList<ScoringSignal> Signals,
    IReadOnlyList<PartnershipReciprocity> Partnerships,
    DateTimeOffset AsOf);

/// <summary>A pillar's figure (0–100), the facts behind it, and what would raise it.</summary>
public sealed record Pillar(string Key, double Score, IReadOnlyDictionary<string, object?> Facts, IReadOnlyList<string> Improvements);

public sealed record ReadinessResult(int Level, double Overall, IReadOnlyList<Pillar> Pillars, string? NextLevel, IReadOnlyList<string> ToRaise);

/// <summary>
/// DESIGN §6 readiness: the program's position on the five pillars of the Partner Scoring Readiness Model, each 0–100,
/// and an overall level 1–5 from their mean (below 20 → 1, below 40 → 2, below 60 → 3, below 80 → 4, else 5).
/// </summary>
public static class Readiness
{
    public static IReadOnlyList<string> Stages { get; } = ["land", "adopt", "expand", "renew"];

    /// <summary>Lifecycle stages each component reads signals of.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> StagesByComponent { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [ComponentKeys.Outcomes] = ["land", "expand", "renew"],
        [ComponentKeys.Adoption] = ["adopt"],
        [ComponentKeys.Retention] = ["renew"],
        [ComponentKeys.Reciprocity] = [],
        [ComponentKeys.Convergence] = ["land", "adopt", "expand", "renew"],
    };

    public static ReadinessResult Evaluate(ReadinessInputs inputs)
    {
        var windowStart = inputs.AsOf.AddDays(-inputs.Model.Definition.WindowDays);
        var inWindow = inputs.Signals.Where(s => s.At >= windowStart && s.At <= inputs.AsOf).ToList();
        Pillar[] pillars =
        [
            Definition(inputs.Model, inWindow),
            AttributionPillar(inputs.Model, inWindow, inputs.Signals.Where(s => s.At <= inputs.AsOf).ToList()),
            Leadership(inputs.Program, inputs.AsOf),
            ReciprocityPillar(inputs.Partnerships),
            ConvergencePillar(inWindow, inputs.Signals.Where(s => s.At <= inputs.AsOf).ToList()),
        ];
        var overall = Math.Round(pillars.Average(p => p.Score), 1);
        var level = LevelFor(overall);
        var toRaise = new List<string>();
        string? next = null;
        if (level < 5)
        {
            var needed = level * 20;
            next = $"Level {level + 1} needs a mean of {needed} over the five pillars (now {overall}).";
            toRaise.AddRange(pillars.OrderBy(p => p.Score).ThenBy(p => p.Key, StringComparer.Ordinal)
                .SelectMany(p => p.Improvements.Select(i => $"{p.Key} ({p.Score}): {i}")));
        }

        return new ReadinessResult(level, overall, pillars, next, toRaise);
    }

    public static int LevelFor(double overall) => overall switch
    {
        >= 80 => 5,
        >= 60 => 4,
        >= 40 => 3,
        >= 20 => 2,
        _ => 1,
    };

    /// <summary>Share of the four lifecycle stages that the model uses and that have data in the window.</summary>
    private static Pillar Definition(ScoringModel model, List<ScoringSignal> inWindow)
    {
        var used = model.Definition.Components.SelectMany(c => StagesByComponent[c.Key]).ToHashSet(StringComparer.Ordinal);
        var withData = inWindow.Select(s => s.Stage).ToHashSet(StringComparer.Ordinal);
        var covered = Stages.Where(s => used.Contains(s) && withData.Contains(s)).ToList();
        var improvements = Stages.Except(covered).Select(stage => used.Contains(stage)
            ? $"publish {stage} signals: the model uses the stage but the window has none."
            : $"add a component that reads {stage} signals to the scoring model.").ToList();
        return new Pillar("definition", Percent(covered.Count, Stages.Count), new Dictionary<string, object?>
        {
            ["stagesUsedByModel"] = Stages.Where(used.Contains).ToList(),
            ["stagesWithData"] = Stages.Where(withData.Contains).ToList(),
            ["stagesCovered"] = covered,
        }, improvements);
    }

    /// <summary>Share of the outcomes in the window attributed to at least one partner action.</summary>
    private static Pillar AttributionPillar(ScoringModel model, List<ScoringSignal> inWindow, List<ScoringSignal> all)
    {
        var settings = model.Definition.Attribution;
        var outcomes = inWindow.Where(s => s.IsOutcome).Select((s, i) => new Outcome(i.ToString(System.Globalization.CultureInfo.InvariantCulture), s.CustomerId, s.At, s.Value ?? 1)).ToList();
        var touches = all.Where(s => s.IsPartnerAction).Select(s => new Touch(s.PartnershipId!, s.CustomerId, s.At)).ToList();
        var attributed = Attribution.Attribute(outcomes, touches, AttributionModels.Parse(settings.Model), settings.LookbackDays, settings.HalfLifeDays)
            .Select(c => c.OutcomeId).Distinct().Count();
        return new Pillar("attribution", Percent(attributed, outcomes.Count), new Dictionary<string, object?>
        {
            ["outcomes"] = outcomes.Count,
            ["attributedOutcomes"] = attributed,
            ["lookbackDays"] = settings.LookbackDays,
        }, attributed < outcomes.Count || outcomes.Count == 0
            ? [outcomes.Count == 0 ? "publish outcome signals (deals closed, upsells, renewals, churn)." : $"have partners publish the actions behind the {outcomes.Count - attributed} unattributed outcomes."]
            : []);
    }

    /// <summary>Executive sponsor named, review cadence set, last review within the cadence: a third each.</summary>
    public static Pillar Leadership(ProgramSettings program, DateTimeOffset asOf)
    {
        var today = DateOnly.FromDateTime(asOf.UtcDateTime);
        var sponsor = !string.IsNullOrWhiteSpace(program.ExecutiveSponsor);
        var cadence = program.ReviewCadenceDays is > 0;
        var reviewed = cadence && program.LastReviewOn is { } last && last <= today && today.DayNumber - last.DayNumber <= program.ReviewCadenceDays;
        var improvements = new List<string>();
        if (!sponsor)
        {
            improvements.Add("name an executive sponsor (PUT /v1/program).");
        }

        if (!cadence)
        {
            improvements.Add("set a review cadence (PUT /v1/program).");
        }

        if (!reviewed)
        {
            improvements.Add("hold a program review and record its date (PUT /v1/program).");
        }

        return new Pillar("leadership", Percent((sponsor ? 1 : 0) + (cadence ? 1 : 0) + (reviewed ? 1 : 0), 3), new Dictionary<string, object?>
        {
            ["executiveSponsorNamed"] = sponsor,
            ["reviewCadenceDays"] = program.ReviewCadenceDays,
            ["lastReviewOn"] = program.LastReviewOn,
            ["lastReviewWithinCadence"] = reviewed,
        }, improvements);
    }

    /// <summary>Share of active partnerships with a two-way active contract × their mean compliance.</summary>
    private static Pillar ReciprocityPillar(IReadOnlyList<PartnershipReciprocity> partnerships)
    {
        var twoWay = partnerships.Where(p => p.TwoWay).ToList();
        var meanCompliance = twoWay.Count == 0 ? 0 : twoWay.Average(p => p.Compliance ?? 0);
        var share = partnerships.Count == 0 ? 0 : (double)twoWay.Count / partnerships.Count;
        var improvements = new List<string>();
        if (twoWay.Count < partnerships.Count || partnerships.Count == 0)
        {
            improvements.Add($"activate contracts with both obligations and entitlements ({twoWay.Count} of {partnerships.Count} active partnerships have one).");
        }

        if (meanCompliance < 1 && twoWay.Count > 0)
        {
            improvements.Add($"raise partners' compliance with their obligations (mean {meanCompliance:0.###}).");
        }

        return new Pillar("reciprocity", Math.Round(share * meanCompliance * 100, 1), new Dictionary<string, object?>
        {
            ["activePartnerships"] = partnerships.Count,
            ["twoWayContracts"] = twoWay.Count,
            ["meanCompliance"] = Math.Round(meanCompliance, 4),
        }, improvements);
    }

    /// <summary>Program-wide share of rule-bound partner actions in the window that are corroborated.</summary>
    private static Pillar ConvergencePillar(List<ScoringSignal> inWindow, List<ScoringSignal> all)
    {
        var actions = inWindow.Where(s => s.IsPartnerAction).Select(s => new Observation(s.TypeKey, s.CustomerId, s.PublisherId, s.At)).ToList();
        var result = Convergence.Evaluate(actions, all.Select(s => new Observation(s.TypeKey, s.CustomerId, s.PublisherId, s.At)).ToList());
        return new Pillar("convergence", Percent(result.Corroborated, result.RuleBoundActions), new Dictionary<string, object?>
        {
            ["ruleBoundActions"] = result.RuleBoundActions,
            ["corroborated"] = result.Corroborated,
        }, result.Corroborated < result.RuleBoundActions || result.RuleBoundActions == 0
            ? ["publish the vendor-side evidence (active users, feature adoption, closed deals, renewals) that corroborates partner actions."]
            : []);
    }

    private static double Percent(int part, int whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 1);
}
