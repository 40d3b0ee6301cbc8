using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Domain.Scoring;

/// <summary>The five score components of DESIGN §6.</summary>
public static class ComponentKeys
{
    public const string Outcomes = "outcomes";
    public const string Adoption = "adoption";
    public const string Retention = "retention";
    public const string Reciprocity = "reciprocity";
    public const string Convergence = "convergence";

    public static IReadOnlyList<string> All { get; } = [Outcomes, Adoption, Retention, Reciprocity, Convergence];
}

/// <summary>How a component's raw value becomes a 0–1 figure.</summary>
public static class NormalizationMethods
{
    /// <summary>Mid-rank percentile among the vendor's other partnerships; linear to <c>target</c> while the cohort is smaller than <c>minCohort</c>.</summary>
    public const string Percentile = "percentile";

    /// <summary>raw ÷ <c>target</c>, clamped to 0–1.</summary>
    public const string Target = "target";

    /// <summary>The raw value is already a share; clamped to 0–1.</summary>
    public const string Ratio = "ratio";

    public static IReadOnlyList<string> All { get; } = [Percentile, Target, Ratio];
}

public static class AttributionModels
{
    public const string FirstTouch = "first_touch";
    public const string LastTouch = "last_touch";
    public const string Linear = "linear";
    public const string TimeDecay = "time_decay";

    public static IReadOnlyList<string> All { get; } = [FirstTouch, LastTouch, Linear, TimeDecay];

    public static AttributionModel Parse(string name) => name switch
    {
        FirstTouch => AttributionModel.FirstTouch,
        LastTouch => AttributionModel.LastTouch,
        Linear => AttributionModel.Linear,
        TimeDecay => AttributionModel.TimeDecay,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown attribution model."),
    };
}

/// <param name="Method">One of <see cref="NormalizationMethods"/>.</param>
/// <param name="Target">The raw value that earns full points (<c>target</c>; the fallback of <c>percentile</c>).</param>
/// <param name="MinCohort">Partnerships the cohort needs before <c>percentile</c> applies (default 5).</param>
public sealed record Normalization(string Method, double? Target = null, int? MinCohort = null);

/// <param name="Key">One of <see cref="ComponentKeys"/>.</param>
/// <param name="Weight">Points the component is worth when every component has data; the weights sum to 100.</param>
/// <param name="Normalization">How the raw value is normalised.</param>
/// <param name="MinEvidence">Evidence the component needs to count (default 1); below it the weight is redistributed.</param>
public sealed record ModelComponent(string Key, int Weight, Normalization Normalization, int? MinEvidence = null)
{
    public int RequiredEvidence => MinEvidence ?? 1;
}

/// <param name="Model">One of <see cref="AttributionModels"/>.</param>
/// <param name="LookbackDays">How long before an outcome a partner action still earns credit.</param>
/// <param name="HalfLifeDays">Half-life of <c>time_decay</c>.</param>
public sealed record AttributionSettings(string Model, int LookbackDays, double HalfLifeDays);

/// <summary>What a vendor submits to create a model version.</summary>
public sealed record ScoringModelDefinition(
    string Name,
    int WindowDays,
    AttributionSettings Attribution,
    IReadOnlyList<ModelComponent> Components,
    int FullConfidenceEvidence);

/// <summary>An immutable scoring model version (DESIGN §6).</summary>
public sealed record ScoringModel(string Id, string Key, int Version, ScoringModelDefinition Definition)
{
    public const string DefaultId = "default";

    /// <summary>
    /// The model that ships: outcomes 30 (percentile, linear to 100,000 below 5 partnerships), adoption 25,
    /// retention 20, reciprocity 15, convergence 10; time-decay attribution over 90 days with a 30-day half-life;
    /// a 365-day window.
    /// </summary>
    public static ScoringModel Default { get; } = new(DefaultId, DefaultId, 1, new ScoringModelDefinition(
        "Default partner success model",
        365,
        new AttributionSettings(AttributionModels.TimeDecay, Scoring.Attribution.DefaultLookbackDays, Scoring.Attribution.DefaultHalfLifeDays),
        [
            new(ComponentKeys.Outcomes, 30, new Normalization(NormalizationMethods.Percentile, Target: 100_000, MinCohort: 5)),
            new(ComponentKeys.Adoption, 25, new Normalization(NormalizationMethods.Ratio)),
            new(ComponentKeys.Retention, 20, new Normalization(NormalizationMethods.Ratio)),
            new(ComponentKeys.Reciprocity, 15, new Normalization(NormalizationMethods.Ratio)),
            new(ComponentKeys.Convergence, 10, new Normalization(NormalizationMethods.Ratio)),
        ],
        FullConfidenceEvidence: 10));
}

/// <summary>Rules a model definition must satisfy; every error is reported with its JSON path.</summary>
public static class ScoringModelRules
{
    public const int MaxNameLength = 100;

    public static ValidationErrors Validate(ScoringModelDefinition model)
    {
        var errors = new ValidationErrors();
        errors.Require(!string.IsNullOrWhiteSpace(model.Name) && model.Name.Length <= MaxNameLength, "name", $"name is required and at most {MaxNameLength} characters.");
        errors.Require(model.WindowDays is >= 30 and <= 1095, "windowDays", "windowDays must be between 30 and 1095.");
        errors.Require(model.FullConfidenceEvidence is >= 1 and <= 10_000, "fullConfidenceEvidence", "fullConfidenceEvidence must be between 1 and 10000.");

        if (model.Attribution is null)
        {
            errors.Add("attribution", "attribution is required.");
        }
        else
        {
            errors.Require(AttributionModels.All.Contains(model.Attribution.Model), "attribution.model",
                $"'{model.Attribution.Model}' is not an attribution model (one of: {string.Join(", ", AttributionModels.All)}).");
            errors.Require(model.Attribution.LookbackDays is >= 1 and <= 365, "attribution.lookbackDays", "lookbackDays must be between 1 and 365.");
            errors.Require(model.Attribution.HalfLifeDays is > 0 and <= 365, "attribution.halfLifeDays", "halfLifeDays must be greater than 0 and at most 365.");
        }

        var components = model.Components ?? [];
        if (components.Count == 0)
        {
            errors.Add("components", "At least one component is required.");
        }

        for (var i = 0; i < components.Count; i++)
        {
            ValidateComponent(components[i], $"components[{i}]", errors);
        }

        foreach (var duplicate in components.GroupBy(c => c.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add("components", $"'{duplicate.Key}' appears {duplicate.Count()} times; each component at most once.");
        }

        var sum = components.Sum(c => c.Weight);
        if (components.Count > 0 && sum != 100)
        {
            errors.Add("components", $"The weights sum to {sum}; they must sum to 100.");
        }

        return errors;
    }

    private static void ValidateComponent(ModelComponent component, string path, ValidationErrors errors)
    {
        errors.Require(ComponentKeys.All.Contains(component.Key), $"{path}.key",
            $"'{component.Key}' is not a component (one of: {string.Join(", ", ComponentKeys.All)}).");
        errors.Require(component.Weight is >= 1 and <= 100, $"{path}.weight", "weight must be a whole number between 1 and 100.");
        errors.Require(component.MinEvidence is null or (>= 1 and <= 10_000), $"{path}.minEvidence", "minEvidence must be between 1 and 10000.");
        var n = component.Normalization;
        if (n is null)
        {
            errors.Add($"{path}.normalization", "normalization is required.");
            return;
        }

        switch (n.Method)
        {
            case NormalizationMethods.Percentile:
                errors.Require(n.Target is > 0, $"{path}.normalization.target", "percentile needs a target above 0, used while the cohort is smaller than minCohort.");
                errors.Require(n.MinCohort is null or (>= 2 and <= 1000), $"{path}.normalization.minCohort", "minCohort must be between 2 and 1000.");
                break;
            case NormalizationMethods.Target:
                errors.Require(n.Target is > 0, $"{path}.normalization.target", "target must be above 0.");
                errors.Require(n.MinCohort is null, $"{path}.normalization.minCohort", "minCohort applies to percentile only.");
                break;
            case NormalizationMethods.Ratio:
                errors.Require(n.Target is null && n.MinCohort is null, $"{path}.normalization",
                    "ratio takes no parameters: the raw value is already a share between 0 and 1.");
                errors.Require(component.Key != ComponentKeys.Outcomes, $"{path}.normalization.method",
                    "outcomes is an amount, not a share: use percentile or target.");
                break;
            default:
                errors.Add($"{path}.normalization.method", $"'{n.Method}' is not a normalisation (one of: {string.Join(", ", NormalizationMethods.All)}).");
                break;
        }
    }
}
