using System.Text;
using System.Text.Json;
using Json.Schema;

namespace PartnerExchange.Domain.Signals;

/// <summary>What a vendor-defined payload schema must be: a valid draft 2020-12 schema of an object, small, self-contained.</summary>
public static class SchemaRules
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>Every reason the schema is not acceptable, each with a JSON Pointer into the schema.</summary>
    public static IReadOnlyList<PayloadError> Check(JsonElement schema)
    {
        var errors = new List<PayloadError>();
        if (Encoding.UTF8.GetByteCount(schema.GetRawText()) > MaxBytes)
        {
            errors.Add(new PayloadError("", $"the schema is larger than {MaxBytes / 1024} KB"));
            return errors;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new PayloadError("", "the schema must be a JSON object"));
            return errors;
        }

        var meta = MetaSchemas.Draft202012.Evaluate(schema, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!meta.IsValid)
        {
            // The list output also carries the errors of anyOf branches that did not need to match;
            // report those only when nothing else explains the failure.
            var details = (meta.Details ?? []).Where(d => d.Errors is { Count: > 0 }).ToList();
            var decisive = details.Where(d => !d.EvaluationPath.ToString().Contains("/anyOf/", StringComparison.Ordinal)).ToList();
            foreach (var detail in decisive.Count > 0 ? decisive : details)
            {
                foreach (var (_, message) in detail.Errors!)
                {
                    errors.Add(new PayloadError(detail.InstanceLocation.ToString(), message));
                }
            }
        }

        if (!schema.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "object")
        {
            errors.Add(new PayloadError("/type", "the schema must describe an object (\"type\": \"object\")"));
        }

        FindRemoteReferences(schema, "", errors);
        return errors.Distinct().ToList();
    }

    // Payload validation must never fetch anything: only references inside the schema itself are allowed.
    private static void FindRemoteReferences(JsonElement element, string pointer, List<PayloadError> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var path = $"{pointer}/{property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";
                    if (property.Name is "$ref" or "$dynamicRef" && property.Value.ValueKind == JsonValueKind.String
                        && !property.Value.GetString()!.StartsWith('#'))
                    {
                        errors.Add(new PayloadError(path, "remote references are not allowed; use a \"#/...\" reference inside the schema"));
                    }
                    else if (property.Name == "$id")
                    {
                        errors.Add(new PayloadError(path, "$id is not allowed; the server identifies the schema by its signal type"));
                    }

                    FindRemoteReferences(property.Value, path, errors);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    FindRemoteReferences(item, $"{pointer}/{index++}", errors);
                }

                break;
        }
    }
}
