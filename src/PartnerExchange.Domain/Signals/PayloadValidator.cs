using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace PartnerExchange.Domain.Signals;

/// <summary>One payload error: where (a JSON Pointer into the payload) and why.</summary>
public sealed record PayloadError(string Pointer, string Message);

/// <summary>
/// A type's schema, compiled for validating many payloads, from many threads at once. JsonSchema.Net 7 caches each
/// schema's evaluation constraints and clears that cache, unsynchronized, whenever the schema is evaluated with other
/// options than the last time: one instance evaluated concurrently with the yes/no and the detailed options gave a
/// wrong answer about once in 400,000 evaluations in a stress run. So each option set has its own instance, evaluated
/// once before it is shared, so that its cache is built on one thread.
/// </summary>
public sealed class CompiledSchema
{
    internal CompiledSchema(string text)
    {
        Check = Warm(JsonSchema.FromText(text), PayloadValidator.Flag);
        Detail = Warm(JsonSchema.FromText(text), PayloadValidator.List);
    }

    /// <summary>Evaluated only with <see cref="PayloadValidator.Flag"/>.</summary>
    internal JsonSchema Check { get; }

    /// <summary>Evaluated only with <see cref="PayloadValidator.List"/>.</summary>
    internal JsonSchema Detail { get; }

    private static JsonSchema Warm(JsonSchema schema, EvaluationOptions options)
    {
        schema.Evaluate(new JsonObject(), options);
        return schema;
    }
}

/// <summary>
/// Validates payloads against their type's JSON Schema (draft 2020-12). Schemas are compiled once
/// and cached by content, so a replaced custom schema never meets a stale compilation. Every error is
/// reported, not only the first.
/// </summary>
public static class PayloadValidator
{
    private static readonly ConcurrentDictionary<string, CompiledSchema> s_compiled = new(StringComparer.Ordinal);

    internal static EvaluationOptions Flag { get; } = new() { OutputFormat = OutputFormat.Flag };

    internal static EvaluationOptions List { get; } = new() { OutputFormat = OutputFormat.List };

    public static IReadOnlyList<PayloadError> Validate(JsonElement schema, JsonElement payload) => Validate(Compile(schema), payload);

    /// <summary>Validates against a schema compiled once by <see cref="Compile"/> (for many payloads of one type; thread-safe).</summary>
    public static IReadOnlyList<PayloadError> Validate(CompiledSchema compiled, JsonElement payload)
    {
        // Most payloads are valid: a yes/no evaluation is much cheaper; only failures are evaluated in detail.
        if (compiled.Check.Evaluate(payload, Flag).IsValid)
        {
            return [];
        }

        var results = compiled.Detail.Evaluate(payload, List);

        var errors = new List<PayloadError>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is not { Count: > 0 })
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            foreach (var (keyword, message) in detail.Errors)
            {
                errors.Add(new PayloadError(pointer, Describe(detail.EvaluationPath.ToString(), keyword, message)));
            }
        }

        // "if/then" and "allOf" wrappers repeat their inner error; keep each once.
        return errors.Distinct().ToList();
    }

    private static string Describe(string evaluationPath, string keyword, string message) =>
        evaluationPath.EndsWith("/additionalProperties", StringComparison.Ordinal) && keyword.Length == 0
            ? "is not a field of this signal type"
            : message;

    /// <summary>The compiled schema, shared by every caller with the same schema text.</summary>
    public static CompiledSchema Compile(JsonElement schema)
    {
        var text = schema.GetRawText();
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return s_compiled.GetOrAdd(key, _ => new CompiledSchema(text));
    }
}
