using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Bench;

/// <summary>Ingest and feed (issue 4): publishing through the API and following the feed, against Dapper inserts and reads.</summary>
public static class IngestBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var baseUrl = args[0];
        var apiPid = int.Parse(args[1], CultureInfo.InvariantCulture);
        var operatorSecret = args[2];
        var scratch = args[3];
        var total = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 200_000;
        const int Batch = 1000;
        const int Customers = 1000;

        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        var peakMb = 0.0;
        using var sampler = new Timer(_ => peakMb = Math.Max(peakMb, Bench.WorkingSetMb(apiPid)), null, 0, 200);

        // Setup through the API: a vendor, its client, its customers.
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Bench.TokenAsync(http, "operator", operatorSecret));
        var vendorId = $"bench-{DateTime.UtcNow:HHmmss}";
        (await http.PostAsJsonAsync("/v1/parties", new { id = vendorId, kind = "vendor", name = "Bench vendor" })).EnsureSuccessStatusCode();
        var client = await (await http.PostAsJsonAsync($"/v1/parties/{vendorId}/clients", new { displayName = "bench", scopes = new[] { "exchange.read", "exchange.write" } })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await Bench.TokenAsync(http, client.GetProperty("client").GetProperty("clientId").GetString()!, client.GetProperty("clientSecret").GetString()!));
        (await http.PostAsJsonAsync("/v1/customers/batch", new { customers = Enumerable.Range(0, Customers).Select(i => new { id = $"C{i}", name = $"Customer {i}" }) })).EnsureSuccessStatusCode();

        // Ten seconds apart from 30 days ago: 200,000 signals end well before "now" (later than now + 5 minutes is refused).
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        object Item(int i) => new
        {
            externalId = $"e{i}",
            type = "adopt.active_users",
            customerId = $"C{i % Customers}",
            occurredAt = start.AddSeconds(i * 10),
            payload = new { activeUsers = i % 500, licensedUsers = 500 },
        };

        // 1. Ingest through the API: token, scope, schema validation, upsert, change log, audit.
        var watch = Stopwatch.StartNew();
        for (var offset = 0; offset < total; offset += Batch)
        {
            var response = await http.PostAsJsonAsync("/v1/signals", new { signals = Enumerable.Range(offset, Batch).Select(Item) });
            response.EnsureSuccessStatusCode();
            var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (outcome.GetProperty("rejected").GetInt32() != 0)
            {
                throw new InvalidOperationException($"The API rejected signals of the batch at {offset}: {outcome.GetProperty("results")[0]}");
            }
        }

        var apiIngest = total / watch.Elapsed.TotalSeconds;

        // 2. The floor, right after: the same rows into a fresh database of the same schema and indexes, straight through
        //    Dapper, one reused command per row, one transaction per 1,000 rows.
        var file = Path.Combine(scratch, "floor.db");
        var db = new Db(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file}" });
        new Migrator(db, NullLogger<Migrator>.Instance).Migrate();
        const string Insert =
            "INSERT INTO signals (id, vendor_id, partnership_id, publisher_id, publisher_kind, external_id, type_key, customer_id, occurred_at, payload, content_hash, created_at, updated_at) " +
            "VALUES (@Id, @VendorId, NULL, @VendorId, 'vendor', @ExternalId, 'adopt.active_users', @CustomerId, @OccurredAt, @Payload, @Hash, @Now, @Now)";
        watch.Restart();
        await using (var connection = await db.OpenAsync())
        {
            for (var offset = 0; offset < total; offset += Batch)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                var rows = Enumerable.Range(offset, Batch).Select(i => new
                {
                    Id = Guid.CreateVersion7().ToString(),
                    VendorId = vendorId,
                    ExternalId = $"e{i}",
                    CustomerId = $"C{i % Customers}",
                    OccurredAt = start.AddSeconds(i * 10),
                    Payload = $"{{\"activeUsers\":{i % 500},\"licensedUsers\":500}}",
                    Hash = i.ToString("x64", CultureInfo.InvariantCulture),
                    Now = DateTimeOffset.UtcNow,
                });
                await connection.ExecuteAsync(Insert, rows, transaction);
                await transaction.CommitAsync();
            }
        }

        var floorIngest = total / watch.Elapsed.TotalSeconds;

        // 3. Reading: the feed through the API, following the cursor from the start; the same signals read back whole in
        //    pages straight through Dapper (every field the feed's items carry, times as text, the cheapest read); and, for
        //    reference, the change log's rows as the feed reads them. Each is passed over twice to warm up (both processes'
        //    JIT tiers, the caches), then measured five times, the three in turn, so that this machine's slow and fast
        //    spells fall on all of them alike; the median of each counts.
        async Task<(int Records, double Seconds)> FollowFeedAsync()
        {
            var clock = Stopwatch.StartNew();
            var records = 0;
            string? cursor = null;
            while (true)
            {
                // Every page parsed whole, as a client would; from the response stream into pooled memory.
                using var response = await http.GetAsync($"/v1/feed?limit=1000{(cursor is null ? "" : "&cursor=" + cursor)}", HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
                var page = document.RootElement;
                records += page.GetProperty("items").GetArrayLength();
                cursor = page.GetProperty("nextCursor").GetString();
                if (!page.GetProperty("hasMore").GetBoolean())
                {
                    return (records, clock.Elapsed.TotalSeconds);
                }
            }
        }

        var floorRead = FloorReader<SignalRow>(db, FloorRead, "", row => row.Id);
        var changeLogRead = FloorReader<ChangeRow>(new Db(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(scratch, "data", "partnerexchange.db")}" }),
            "SELECT position AS Position, entity AS Entity, op AS Op, data AS Data FROM changes WHERE position > @after ORDER BY position LIMIT 1000", 0L, row => row.Position);
        var feedRecords = 0;
        var (feedRates, floorRates, changeLogRates) = (new List<double>(), new List<double>(), new List<double>());
        for (var pass = 0; pass < WarmUpPasses + MeasuredPasses; pass++)
        {
            var (records, seconds) = await FollowFeedAsync();
            feedRecords = records;
            var floorRate = await floorRead();
            var changeLogRate = await changeLogRead();
            if (pass >= WarmUpPasses)
            {
                feedRates.Add(records / seconds);
                floorRates.Add(floorRate);
                changeLogRates.Add(changeLogRate);
            }
        }

        var (apiFeed, floorFeed, changeLog) = (Bench.Median(feedRates), Bench.Median(floorRates), Bench.Median(changeLogRates));
        peakMb = Math.Max(peakMb, Bench.WorkingSetMb(apiPid));

        Console.WriteLine($"signals                         {total:N0} in batches of {Batch:N0}");
        Console.WriteLine($"ingest through the API          {apiIngest,10:N0} records/s");
        Console.WriteLine($"ingest straight through Dapper  {floorIngest,10:N0} records/s");
        Console.WriteLine($"ingest ratio                    {apiIngest / floorIngest,10:N2}   (target >= 0.50)");
        Console.WriteLine($"feed through the API            {apiFeed,10:N0} records/s ({feedRecords:N0} records)");
        Console.WriteLine($"same rows through Dapper        {floorFeed,10:N0} records/s (every field of each signal)");
        Console.WriteLine($"feed ratio                      {apiFeed / floorFeed,10:N2}   (target >= 0.50)");
        Console.WriteLine($"change log through Dapper       {changeLog,10:N0} records/s (position, entity, op, data; for reference)");
        Console.WriteLine($"feed / change log               {apiFeed / changeLog,10:N2}");
        Console.WriteLine($"API peak working set            {peakMb,10:N0} MB      (target < 500 MB)");
        return 0;
    }

    private const string FloorRead =
        "SELECT id AS Id, vendor_id AS VendorId, partnership_id AS PartnershipId, publisher_id AS PublisherId, publisher_kind AS PublisherKind, " +
        "external_id AS ExternalId, type_key AS TypeKey, customer_id AS CustomerId, occurred_at AS OccurredAt, payload AS Payload, " +
        "created_at AS CreatedAt, updated_at AS UpdatedAt FROM signals WHERE id > @after ORDER BY id LIMIT 1000";

    /// <summary>Passes over the whole feed (API and floor alike) before those that are measured, and how many are measured.</summary>
    private const int WarmUpPasses = 2;
    private const int MeasuredPasses = 5;

    /// <summary>One pass over a table in pages of 1,000 by its key, as the feed is followed: its records/s.</summary>
    private static Func<Task<double>> FloorReader<TRow>(Db db, string sql, object start, Func<TRow, object> key) => async () =>
    {
        var watch = Stopwatch.StartNew();
        var records = 0;
        await using var connection = await db.OpenAsync();
        var after = start;
        while (true)
        {
            var page = (await connection.QueryAsync<TRow>(sql, new { after })).AsList();
            if (page.Count == 0)
            {
                return records / watch.Elapsed.TotalSeconds;
            }

            records += page.Count;
            after = key(page[^1]);
        }
    };

    private sealed record SignalRow(
        string Id, string VendorId, string? PartnershipId, string PublisherId, string PublisherKind, string ExternalId,
        string TypeKey, string CustomerId, string OccurredAt, string Payload, string CreatedAt, string UpdatedAt);

    private sealed record ChangeRow(long Position, string Entity, string Op, string? Data);
}
