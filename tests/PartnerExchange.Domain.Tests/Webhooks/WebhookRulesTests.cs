using System.Net;
using PartnerExchange.Domain.Webhooks;

namespace PartnerExchange.Domain.Tests.Webhooks;

public sealed class WebhookRulesTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_schedule_is_the_designs_with_ten_percent_jitter()
    {
        Assert.Equal(["00:00:05", "00:05:00", "00:30:00", "02:00:00", "05:00:00", "10:00:00", "14:00:00", "20:00:00", "1.00:00:00"],
            RetrySchedule.Delays.Select(d => d.ToString()));
        Assert.Equal(s_t0.AddSeconds(4.5), RetrySchedule.Next(1, s_t0, null, 0));
        Assert.Equal(s_t0.AddSeconds(5), RetrySchedule.Next(1, s_t0, null, 0.5));
        Assert.Equal(s_t0.AddHours(26.4), RetrySchedule.Next(9, s_t0, null, 1.0)!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void After_the_last_attempt_there_is_no_next_and_Retry_After_replaces_the_wait_up_to_a_day()
    {
        Assert.Null(RetrySchedule.Next(RetrySchedule.MaxAttempts, s_t0, null, 0.5));
        Assert.Equal(10, RetrySchedule.MaxAttempts);
        Assert.Equal(s_t0.AddSeconds(120), RetrySchedule.Next(1, s_t0, TimeSpan.FromSeconds(120), 0.9));
        Assert.Equal(s_t0.AddHours(24), RetrySchedule.Next(3, s_t0, TimeSpan.FromDays(3), 0.9));
    }

    [Theory]
    [InlineData("signal", "upsert", null, "signal.published")]
    [InlineData("signal", "delete", null, "signal.deleted")]
    [InlineData("link", "upsert", "pending", "customer.link_requested")]
    [InlineData("link", "upsert", "approved", "customer.linked")]
    [InlineData("link", "upsert", "rejected", null)]
    [InlineData("link", "delete", null, null)]
    [InlineData("contract", "upsert", "draft", null)]
    [InlineData("contract", "upsert", "proposed", "contract.proposed")]
    [InlineData("contract", "upsert", "active", "contract.activated")]
    [InlineData("contract", "upsert", "superseded", null)]
    [InlineData("contract", "upsert", "terminated", "contract.terminated")]
    [InlineData("customer", "upsert", null, null)]
    [InlineData("reciprocity", "paused", null, "reciprocity.paused")]
    [InlineData("reciprocity", "resumed", null, "reciprocity.resumed")]
    [InlineData("score", "changed", null, "score.changed")]
    public void Each_change_raises_its_event(string entity, string op, string? status, string? expected) =>
        Assert.Equal(expected, WebhookEvents.ForChange(entity, op, status));

    [Theory]
    [InlineData("8.8.8.8", false, null)]
    [InlineData("2001:4860:4860::8888", false, null)]
    [InlineData("127.0.0.1", false, "loopback")]
    [InlineData("127.0.0.1", true, null)]
    [InlineData("::ffff:10.1.2.3", false, "private (10.0.0.0/8)")]
    [InlineData("100.64.0.1", false, "private (shared 100.64.0.0/10)")]
    [InlineData("172.15.255.255", false, null)]
    [InlineData("172.16.0.1", false, "private (172.16.0.0/12)")]
    [InlineData("169.254.169.254", false, "link-local")]
    [InlineData("fe80::1", false, "link-local")]
    [InlineData("fc00::1", false, "private (unique local)")]
    [InlineData("ff02::1", false, "multicast")]
    [InlineData("239.255.255.250", false, "multicast")]
    [InlineData("255.255.255.255", false, "unspecified or broadcast")]
    [InlineData("::", false, "unspecified or broadcast")]
    [InlineData("0.1.2.3", false, "unspecified (0.0.0.0/8)")]
    public void Only_public_addresses_are_permitted(string address, bool allowLoopback, string? reason) =>
        Assert.Equal(reason, WebhookTargets.CheckAddress(IPAddress.Parse(address), allowLoopback));

    [Theory]
    [InlineData("https://hooks.example.com/px", false, null)]
    [InlineData("http://hooks.example.com/px", false, "url must use https.")]
    [InlineData("http://localhost:5000/px", true, null)]
    [InlineData("http://127.0.0.1:5000/px", true, null)]
    [InlineData("http://hooks.example.com/px", true, "url must use https.")]
    [InlineData("https://user:secret@hooks.example.com/px", false, "url must not carry credentials.")]
    [InlineData("not a url", false, "url must be an absolute URL of at most 2048 characters.")]
    public void Urls_must_be_https_without_credentials(string url, bool allowLoopback, string? problem) =>
        Assert.Equal(problem, WebhookTargets.CheckUrl(url, allowLoopback));
}
