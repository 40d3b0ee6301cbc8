using Microsoft.Extensions.Time.Testing;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Database;
using Xunit;

namespace PartnerExchange.Api.Tests.Data;

public sealed class DbTimesTests
{
    [Fact]
    public void A_stored_time_is_utc_in_whole_microseconds()
    {
        var time = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        var stored = DbTimes.Stored(time);

        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), stored);
    }

    [Fact]
    public void The_api_clock_tells_the_time_as_the_database_keeps_it()
    {
        var inner = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero).AddTicks(9_999_999));

        Assert.Equal(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero).AddTicks(9_999_990), new DatabaseClock(inner).GetUtcNow());
    }
}
