using System.Text.Json;

namespace PartnerExchange.Domain.Signals;

/// <summary>
/// The built-in catalogue (DESIGN §2), kept in <c>BuiltInSignalTypes.json</c>. A migration seeds the
/// same rows into every database; a test checks that the two agree.
/// </summary>
public static class BuiltInSignalTypes
{
    private static readonly Lazy<IReadOnlyList<SignalType>> s_all = new(Load);

    public static IReadOnlyList<SignalType> All => s_all.Value;

    public static SignalType? Find(string key) => All.FirstOrDefault(t => t.Key == key);

    private static IReadOnlyList<SignalType> Load()
    {
        using var stream = typeof(BuiltInSignalTypes).Assembly.GetManifestResourceStream("BuiltInSignalTypes.json")
            ?? throw new InvalidOperationException("The built-in signal-type catalogue is missing from the assembly.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.EnumerateArray().Select(t => new SignalType(
            t.GetProperty("key").GetString()!,
            t.GetProperty("stage").GetString()!,
            t.GetProperty("category").GetString()!,
            t.GetProperty("publisher").GetString()!,
            t.GetProperty("description").GetString(),
            t.GetProperty("unit").GetString(),
            t.GetProperty("schema").Clone())).ToList();
    }
}
