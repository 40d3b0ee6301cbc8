using System.Buffers.Text;
using System.Text;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Infrastructure;

/// <summary>A page of a list: <c>nextCursor</c> is null on the last page.</summary>
/// <param name="Items">The items of this page.</param>
/// <param name="NextCursor">Opaque cursor of the next page, or null when this is the last.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor) : ICountedResult
{
    int ICountedResult.RecordCount => Items.Count;
}

/// <summary>A response that says how many records it carries (for the audit).</summary>
public interface ICountedResult
{
    int RecordCount { get; }
}

/// <summary>Cursor pagination: <c>limit</c> 1–1,000 (default 100) and an opaque <c>cursor</c>.</summary>
public readonly record struct PageRequest(string After, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Parses the query parameters, adding any error to <paramref name="errors"/>.</summary>
    public static PageRequest Parse(int? limit, string? cursor, ValidationErrors errors)
    {
        var size = limit ?? DefaultLimit;
        errors.Require(size is >= 1 and <= MaxLimit, "limit", $"limit must be between 1 and {MaxLimit}.");
        var after = "";
        if (!string.IsNullOrEmpty(cursor))
        {
            try
            {
                after = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            }
            catch (FormatException)
            {
                errors.Add("cursor", "cursor is not a cursor returned by this API.");
            }
        }

        return new PageRequest(after, size);
    }

    /// <summary>Fetches one row more than asked to know whether another page follows.</summary>
    public int FetchLimit => Limit + 1;

    public Page<TOut> ToPage<TRow, TOut>(IReadOnlyList<TRow> rows, Func<TRow, string> key, Func<TRow, TOut> map)
    {
        var hasMore = rows.Count > Limit;
        var items = rows.Take(Limit).Select(map).ToList();
        var next = hasMore ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key(rows[Limit - 1]))) : null;
        return new Page<TOut>(items, next);
    }
}
