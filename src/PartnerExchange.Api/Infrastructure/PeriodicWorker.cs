namespace PartnerExchange.Api.Infrastructure;

/// <summary>
/// Background work done in rounds: the first round waits until the application has started (start-up tasks, such as
/// migrations on a fresh database, run before that), a round that fails is logged and the next one runs after the
/// interval, the wait runs on the injected clock (tests move it instead of sleeping), and shutdown stops between rounds.
/// </summary>
public abstract class PeriodicWorker(TimeProvider clock, ILogger logger, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected TimeProvider Clock => clock;

    /// <summary>Whether this process does the work at all.</summary>
    protected abstract bool Enabled { get; }

    /// <summary>The wait between the end of one round and the start of the next.</summary>
    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunRoundAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        try
        {
            using var startedOrStopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStarted, stoppingToken);
            await Task.Delay(Timeout.Infinite, startedOrStopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Started, or stopping before that: the loop below tells which.
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "{Worker} round failed; the next one runs in {Interval}.", GetType().Name, Interval);
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
