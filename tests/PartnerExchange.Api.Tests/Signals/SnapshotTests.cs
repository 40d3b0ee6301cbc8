using System.Text.Json;
using System.Text.Json.Nodes;
using PartnerExchange.Api.Signals;
using PartnerExchange.Data.Signals;

namespace PartnerExchange.Api.Tests.Signals;

public sealed class SnapshotTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("01a23d29-0000-7000-8000-000000000001")]
    public void The_feed_snapshot_is_what_the_signal_response_serializes_to(string? partnershipId)
    {
        var row = new SignalRow
        {
            Id = "01a23d29-dbf4-7b06-8769-6ebeffa49d67", VendorId = "acme", PartnershipId = partnershipId, PublisherId = "acme", PublisherKind = "vendor",
            ExternalId = "e-1", TypeKey = "adopt.active_users", CustomerId = "C\"1", OccurredAt = DateTimeOffset.Parse("2026-12-01T09:00:00.1234567Z"),
            Payload = """{"activeUsers":140,"licensedUsers":200,"note":"ü\u00e9"}""",
            CreatedAt = DateTimeOffset.Parse("2026-12-02T00:00:00Z"), UpdatedAt = DateTimeOffset.Parse("2026-12-03T00:00:00+02:00"),
        };

        var expected = JsonSerializer.Serialize(SignalResponse.From(row), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(SignalsApi.Snapshot(row))), SignalsApi.Snapshot(row));
    }
}
