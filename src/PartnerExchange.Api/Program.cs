using PartnerExchange.Api.Audit;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Contracts;
using PartnerExchange.Api.Customers;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Feed;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Api.OpenApi;
using PartnerExchange.Api.Parties;
using PartnerExchange.Api.Partnerships;
using PartnerExchange.Api.Scoring;
using PartnerExchange.Api.Signals;
using PartnerExchange.Api.SignalTypes;
using PartnerExchange.Api.Webhooks;

var builder = WebApplication.CreateBuilder(args);
var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

builder.Services.AddSingleton<TimeProvider>(new DatabaseClock(TimeProvider.System));
builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddErrorHandling();
builder.Services.AddRequestLogging();
builder.Services.AddDatabase();
builder.Services.AddScoring();
builder.Services.AddWebhooks();
builder.Services.AddResourceServer(auth);
if (!auth.IsExternal)
{
    builder.Services.AddSingleton<SigningKeys>();
    builder.Services.AddTokenServer(auth);
}

builder.Services.AddRateLimits(builder.Configuration);
builder.Services.AddHealth();
builder.Services.AddApiDocs();
builder.Services.AddStartupTasks();

var app = builder.Build();

app.UseErrorHandling();
app.UseHttpLogging();
app.UseApiVersionPolicies();
app.UseIdempotencyBuffering();
app.UseAuthenticationWithRateLimits();

app.MapHealth();
app.MapMe();
app.MapParties();
app.MapPartnerships();
app.MapSignalTypes();
app.MapContracts();
app.MapCustomers();
app.MapCustomerLinks();
app.MapSignals();
app.MapFeed();
app.MapAudit();
app.MapCompliance();
app.MapScoringModels();
app.MapScores();
app.MapProgram();
app.MapWebhooks();
app.UseApiDocs();

return await app.RunAsync(args);

/// <summary>The entry point, visible to the integration tests.</summary>
public partial class Program;
