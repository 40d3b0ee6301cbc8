using System.Text.Json;
using System.Text.RegularExpressions;

namespace PartnerExchange.Domain.Signals;

/// <summary>A kind of record: its lifecycle stage, category, who may publish it and its payload schema.</summary>
public sealed record SignalType(
    string Key,
    string Stage,
    string Category,
    string Publisher,
    string? Description,
    string? Unit,
    JsonElement Schema);

public static partial class SignalTypeRules
{
    public static IReadOnlyList<string> Stages { get; } = ["land", "adopt", "expand", "renew"];
    public static IReadOnlyList<string> Categories { get; } = ["action", "outcome", "observation"];
    public static IReadOnlyList<string> Publishers { get; } = ["vendor", "partner", "any"];

    public static bool PartnerMayPublish(string publisher) => publisher is "partner" or "any";

    public static bool VendorMayPublish(string publisher) => publisher is "vendor" or "any";

    /// <summary>Vendor-defined types start with <c>x-</c>: lower-case letters, digits, dots, dashes and underscores, up to 100 long.</summary>
    public static bool IsCustomKey(string? key) => key is not null && CustomKey().IsMatch(key);

    /// <summary>The names of the payload's top-level fields, as the schema declares them.</summary>
    public static IReadOnlyList<string> Fields(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().Select(p => p.Name).ToList()
            : [];

    [GeneratedRegex("^x-[a-z0-9][a-z0-9._-]{0,97}$", RegexOptions.CultureInvariant)]
    private static partial Regex CustomKey();
}
