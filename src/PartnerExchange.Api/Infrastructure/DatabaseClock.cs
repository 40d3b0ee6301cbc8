using PartnerExchange.Data.Database;

namespace PartnerExchange.Api.Infrastructure;

/// <summary>
/// The clock of the API: another clock's time at the precision the database keeps (<see cref="DbTimes.Stored"/>), so
/// that what a request stores and what it answers or writes into the change feed are the same time.
/// </summary>
public sealed class DatabaseClock(TimeProvider inner) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DbTimes.Stored(inner.GetUtcNow());

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
