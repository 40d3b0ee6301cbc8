using System.Globalization;
using Duende.IdentityModel.Client;

namespace PartnerExchange.Bench;

public static class Bench
{
    public static async Task<string> TokenAsync(HttpClient http, string clientId, string secret)
    {
        var response = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = new Uri(http.BaseAddress!, "/connect/token").ToString(),
            ClientId = clientId,
            ClientSecret = secret,
        });
        return response.AccessToken ?? throw new InvalidOperationException($"token: {response.Error} {response.ErrorDescription}");
    }

    /// <summary>The middle of an odd number of measurements.</summary>
    public static double Median(IReadOnlyCollection<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The peak resident set of the process since it started (VmHWM), in MB.</summary>
    public static double WorkingSetMb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
