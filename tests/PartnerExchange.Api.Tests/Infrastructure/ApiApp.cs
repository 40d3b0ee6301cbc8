using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Api.Tests.Infrastructure;

/// <summary>
/// The real API on a real database of its own, reached through real HTTP with real tokens from
/// <c>/connect/token</c>. One instance per test class (a class fixture).
/// </summary>
public abstract class ApiApp(DatabaseProvider provider) : IAsyncLifetime
{
    public const string OperatorClientId = "test-operator";
    public const string OperatorSecret = "test-operator-secret-7f3a9c";

    private readonly Dictionary<string, string> _tokens = [];
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private WebApplicationFactory<Program>? _factory;
    private Dictionary<string, string?> _settings = [];

    public DatabaseProvider Provider => provider;
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("px-test-").FullName;
    public string ConnectionString { get; private set; } = "";

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("The app is not started.");

    /// <summary>Replaces services after the app registered its own (e.g. the clock).</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    /// <summary>Settings of this app; subclasses add or override.</summary>
    protected virtual IDictionary<string, string?> Settings() => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        ConnectionString = provider == DatabaseProvider.Postgres
            ? await TestPostgres.CreateDatabaseAsync()
            : $"Data Source={Path.Combine(DataDirectory, "px.db")}";

        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:PartnerExchange"] = ConnectionString,
            ["Storage:DataDirectory"] = DataDirectory,
            ["Bootstrap:AdminClientId"] = OperatorClientId,
            ["Bootstrap:AdminClientSecret"] = OperatorSecret,
            ["Demo:Seed"] = "false",
            ["Auth:ClientStatusCacheDuration"] = "00:00:00",
            ["RateLimits:ClientBurst"] = "100000",
            ["RateLimits:ClientPerSecond"] = "100000",
            ["RateLimits:TokenRequestsPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"] = "Warning",
            ["Webhooks:WorkerEnabled"] = "false", // tests run webhook rounds themselves (WebhookWorker.RunOnceAsync)
            ["Reciprocity:MonitorEnabled"] = "false", // and reciprocity rounds (ReciprocityMonitor.RunOnceAsync)
        };
        foreach (var (key, value) in Settings())
        {
            settings[key] = value;
        }

        _settings = settings;
        _factory = StartHost();
        await Task.CompletedTask;
    }

    /// <summary>Another API process on the same database (its own host, services and in-memory state).</summary>
    public WebApplicationFactory<Program> StartHost()
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, ConfigureServices);
            foreach (var (key, value) in _settings)
            {
                builder.UseSetting(key, value);
            }
        });
        _ = factory.Server; // starts the host: migrations and bootstrap run now
        return factory;
    }

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>An HTTP client for the API over https://localhost, optionally with a bearer token.</summary>
    public HttpClient Client(string? accessToken = null)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
        });
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    /// <summary>A token from the real token endpoint (client_secret_basic), cached per client and scope.</summary>
    public async Task<string> TokenAsync(string clientId, string secret, string? scope = null)
    {
        var key = $"{clientId}|{scope}";
        await _tokenLock.WaitAsync();
        try
        {
            if (_tokens.TryGetValue(key, out var cached))
            {
                return cached;
            }

            var response = await RequestTokenAsync(clientId, secret, scope);
            if (response.IsError)
            {
                throw new InvalidOperationException($"Token request for {clientId} failed: {response.Error} {response.ErrorDescription}");
            }

            _tokens[key] = response.AccessToken!;
            return response.AccessToken!;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    public async Task<TokenResponse> RequestTokenAsync(string clientId, string secret, string? scope = null,
        ClientCredentialStyle style = ClientCredentialStyle.AuthorizationHeader)
    {
        using var http = Client();
        return await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = "https://localhost/connect/token",
            ClientId = clientId,
            ClientSecret = secret,
            Scope = scope,
            ClientCredentialStyle = style,
        });
    }

    public async Task<HttpClient> OperatorAsync() => Client(await TokenAsync(OperatorClientId, OperatorSecret));

    public async Task<HttpClient> AsAsync(TestParty party, string? scope = null) => Client(await TokenAsync(party.ClientId, party.Secret, scope));

    /// <summary>Creates a party with a unique id and a client secret holding <paramref name="scopes"/> (default: all that fit its kind).</summary>
    public async Task<TestParty> CreatePartyAsync(string kind, params string[] scopes)
    {
        using var admin = await OperatorAsync();
        var id = $"{kind}-{Guid.NewGuid():N}"[..20];
        (await admin.PostAsJsonAsync("/v1/parties", new { id, kind, name = $"Test {kind} {id}" })).EnsureSuccessStatusCode();
        var grant = scopes.Length > 0 ? scopes : [.. Domain.Auth.Scopes.AllowedFor(kind)];
        var response = await admin.PostAsJsonAsync($"/v1/parties/{id}/clients", new { displayName = "test client", scopes = grant });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new TestParty(id, kind, body.GetProperty("client").GetProperty("clientId").GetString()!, body.GetProperty("clientSecret").GetString()!);
    }

    public async Task<string> CreatePartnershipAsync(string vendorId, string partnerId)
    {
        using var admin = await OperatorAsync();
        var response = await admin.PostAsJsonAsync("/v1/partnerships", new { vendorId, partnerId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}

public sealed record TestParty(string Id, string Kind, string ClientId, string Secret);

public sealed class SqliteApp() : ApiApp(DatabaseProvider.Sqlite);

public sealed class PostgresApp() : ApiApp(DatabaseProvider.Postgres);
