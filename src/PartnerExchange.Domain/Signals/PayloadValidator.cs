using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace PartnerExchange.Domain.Signals;

/// <summary>One payload error: where (a JSON Pointer into the payload) and why.</summary>
public sealed record PayloadError(string Pointer, string Message);

/// <summary>
/// Validates payloads against their type's JSON Schema (draft 2020-12). Schemas are compiled once
/// and cached by content, so a replaced custom schema never meets a stale compilation. Every error is
/// reported, not only the first.
/// </summary>
public static class PayloadValidator
{
    private static readonly ConcurrentDictionary<string, JsonSchema> s_compiled = new(StringComparer.Ordinal);
    private static readonly EvaluationOptions s_flag = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions s_list = new() { OutputFormat = OutputFormat.List };

    public static IReadOnlyList<PayloadError> Validate(JsonElement schema, JsonElement payload) => Validate(Compile(schema), payload);

    /// <summary>Validates against a schema compiled once by <see cref="Compile"/> (for many payloads of one type).</summary>
    public static IReadOnlyList<PayloadError> Validate(JsonSchema compiled, JsonElement payload)
    {
        // Most payloads are valid: a yes/no evaluation is much cheaper; only failures are evaluated in detail.
        if (compiled.Evaluate(payload, s_flag).IsValid)
        {
            return [];
        }

        var results = compiled.Evaluate(payload, s_list);

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
    public static JsonSchema Compile(JsonElement schema)
    {
        var text = schema.GetRawText();
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return s_compiled.GetOrAdd(key, _ => JsonSchema.FromText(text));
    }
}
