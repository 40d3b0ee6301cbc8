namespace PartnerExchange.Domain.Webhooks;

/// <summary>
/// DESIGN §7 retries: after a failed attempt the next one waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, then
/// 24 h, each with ±10 % jitter; a <c>Retry-After</c> from a 429 or 503 replaces the wait (at most 24 h). After the
/// last retry fails, the delivery has failed for good and the subscription is disabled.
/// </summary>
public static class RetrySchedule
{
    public static IReadOnlyList<TimeSpan> Delays { get; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    public const double Jitter = 0.1;

    /// <summary>Attempts in all: the first and one per delay.</summary>
    public static int MaxAttempts => Delays.Count + 1;

    /// <summary>
    /// When to try again after attempt number <paramref name="attempts"/> (1-based) failed, or null when it was the last.
    /// <paramref name="random"/> in [0, 1) picks the jitter.
    /// </summary>
    public static DateTimeOffset? Next(int attempts, DateTimeOffset failedAt, TimeSpan? retryAfter, double random)
    {
        if (attempts >= MaxAttempts)
        {
            return null;
        }

        if (retryAfter is { } wait && wait > TimeSpan.Zero)
        {
            return failedAt + (wait > TimeSpan.FromHours(24) ? TimeSpan.FromHours(24) : wait);
        }

        var delay = Delays[attempts - 1];
        return failedAt + delay * (1 - Jitter + 2 * Jitter * random);
    }
}
