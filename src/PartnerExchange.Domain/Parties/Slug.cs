using System.Text.RegularExpressions;

namespace PartnerExchange.Domain.Parties;

/// <summary>Party ids are slugs chosen at creation: lower-case letters, digits and dashes, 3–64 long.</summary>
public static partial class Slug
{
    public const string Pattern = "^[a-z0-9](?:[a-z0-9-]{1,62})[a-z0-9]$";

    public static bool IsValid(string? value) => value is not null && SlugRegex().IsMatch(value) && !value.Contains("--", StringComparison.Ordinal);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex SlugRegex();
}
