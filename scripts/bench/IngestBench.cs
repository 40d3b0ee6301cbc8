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

        // 2. Feed through the API, following the cursor from the start.
        watch.Restart();
        var feedRecords = 0;
        string? cursor = null;
        while (true)
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"/v1/feed?limit=1000{(cursor is null ? "" : "&cursor=" + cursor)}");
            feedRecords += page.GetProperty("items").GetArrayLength();
            cursor = page.GetProperty("nextCursor").GetString();
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                break;
            }
        }

        var apiFeed = feedRecords / watch.Elapsed.TotalSeconds;

        // 3. The floor: the same rows into a fresh database of the same schema and indexes, straight through Dapper,
        //    one reused command per row, one transaction per 1,000 rows; then read the same rows back in pages.
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

        watch.Restart();
        var floorRead = 0;
        await using (var connection = await db.OpenAsync())
        {
            var after = "";
            while (true)
            {
                var page = (await connection.QueryAsync<(string Id, string Payload)>(
                    "SELECT id, payload FROM signals WHERE id > @after ORDER BY id LIMIT 1000", new { after })).AsList();
                if (page.Count == 0)
                {
                    break;
                }

                floorRead += page.Count;
                after = page[^1].Id;
            }
        }

        var floorFeed = floorRead / watch.Elapsed.TotalSeconds;
        peakMb = Math.Max(peakMb, Bench.WorkingSetMb(apiPid));

        Console.WriteLine($"signals                         {total:N0} in batches of {Batch:N0}");
        Console.WriteLine($"ingest through the API          {apiIngest,10:N0} records/s");
        Console.WriteLine($"ingest straight through Dapper  {floorIngest,10:N0} records/s");
        Console.WriteLine($"ingest ratio                    {apiIngest / floorIngest,10:N2}   (target >= 0.50)");
        Console.WriteLine($"feed through the API            {apiFeed,10:N0} records/s ({feedRecords:N0} records)");
        Console.WriteLine($"same rows through Dapper        {floorFeed,10:N0} records/s");
        Console.WriteLine($"feed ratio                      {apiFeed / floorFeed,10:N2}   (target >= 0.50)");
        Console.WriteLine($"API peak working set            {peakMb,10:N0} MB      (target < 500 MB)");
        return 0;
    }
}
