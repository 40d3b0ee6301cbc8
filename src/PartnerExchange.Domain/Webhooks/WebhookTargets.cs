using System.Net;
using System.Net.Sockets;

namespace PartnerExchange.Domain.Webhooks;

/// <summary>
/// Where webhooks may be sent (DESIGN §7): https URLs whose host resolves only to public addresses. Loopback (and
/// plain http to it) only with <c>Webhooks:AllowLoopback</c>, for tests.
/// </summary>
public static class WebhookTargets
{
    public const int MaxUrlLength = 2048;

    /// <summary>The problem with a URL's form, or null when it may be used (addresses are checked separately).</summary>
    public static string? CheckUrl(string? url, bool allowLoopback)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"url must be an absolute URL of at most {MaxUrlLength} characters.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "url must not carry credentials.";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttp && allowLoopback && (uri.IsLoopback || uri.Host == "localhost")
            ? null
            : "url must use https.";
    }

    /// <summary>Why a delivery to <paramref name="address"/> is refused, or null when it is a public address.</summary>
    public static string? CheckAddress(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback ? null : "loopback";
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None))
        {
            return "unspecified or broadcast";
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal ? "link-local"
                : address.IsIPv6Multicast ? "multicast"
                : (b[0] & 0xfe) == 0xfc ? "private (unique local)"
                : address.IsIPv6SiteLocal ? "private (site-local)"
                : null;
        }

        var v4 = address.GetAddressBytes();
        return v4[0] switch
        {
            0 => "unspecified (0.0.0.0/8)",
            10 => "private (10.0.0.0/8)",
            100 when v4[1] >= 64 && v4[1] <= 127 => "private (shared 100.64.0.0/10)",
            169 when v4[1] == 254 => "link-local",
            172 when v4[1] >= 16 && v4[1] <= 31 => "private (172.16.0.0/12)",
            192 when v4[1] == 168 => "private (192.168.0.0/16)",
            >= 224 and <= 239 => "multicast",
            >= 240 => "reserved",
            _ => null,
        };
    }
}
