using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Api.Tests.Contracts;

public static class ContractBodies
{
    public static object With(
        string obligation = "adopt.onboarding_session", int freshnessDays = 30, string entitlement = "adopt.active_users",
        string[]? fields = null, string mode = "enforce", string? notes = null) => new
        {
            obligations = new[] { new { signalType = obligation, freshnessDays } },
            entitlements = new[] { new { signalType = entitlement, fields = fields ?? ["activeUsers"], lookbackDays = 90 } },
            reciprocity = new { mode, minimumCompliance = 0.6, graceDays = 14 },
            effectiveFrom = "2027-01-01",
            notes,
        };
}

public abstract class ContractsTests(ApiApp app)
{
    private sealed record Setup(TestParty Vendor, TestParty Partner, string Partnership, HttpClient AsVendor, HttpClient AsPartner) : IDisposable
    {
        public string Path(string rest = "") => $"/v1/partnerships/{Partnership}/contracts{rest}";

        public void Dispose()
        {
            AsVendor.Dispose();
            AsPartner.Dispose();
        }
    }

    private async Task<Setup> SetupAsync(TestParty? vendor = null)
    {
        vendor ??= await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        var partnership = await app.CreatePartnershipAsync(vendor.Id, partner.Id);
        return new Setup(vendor, partner, partnership, await app.AsAsync(vendor), await app.AsAsync(partner));
    }

    private static async Task<int> DraftAsync(HttpClient drafter, Setup s, object? body = null) =>
        (await (await drafter.PostAsJsonAsync(s.Path(), body ?? ContractBodies.With())).AssertOkAsync(HttpStatusCode.Created)).GetProperty("version").GetInt32();

    private static async Task<int> ActiveAsync(Setup s)
    {
        var version = await DraftAsync(s.AsVendor, s);
        await (await s.AsVendor.PostAsync(s.Path($"/{version}/propose"), null)).AssertOkAsync();
        await (await s.AsPartner.PostAsync(s.Path($"/{version}/accept"), null)).AssertOkAsync();
        return version;
    }

    private static async Task<int> ProposedAsync(Setup s)
    {
        var version = await DraftAsync(s.AsVendor, s);
        await (await s.AsVendor.PostAsync(s.Path($"/{version}/propose"), null)).AssertOkAsync();
        return version;
    }

    private static HttpRequestMessage Put(Setup s, int version, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, s.Path($"/{version}")) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    [Fact]
    public async Task Draft_propose_accept_makes_the_version_active()
    {
        using var s = await SetupAsync();

        var created = await s.AsPartner.PostAsJsonAsync(s.Path(), ContractBodies.With());
        var draft = await created.AssertOkAsync(HttpStatusCode.Created);
        var version = draft.GetProperty("version").GetInt32();
        await (await s.AsPartner.PostAsync(s.Path($"/{version}/propose"), null)).AssertOkAsync();
        var active = await (await s.AsVendor.PostAsync(s.Path($"/{version}/accept"), null)).AssertOkAsync();

        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Equal(s.Partner.Id, draft.GetProperty("draftedBy").GetString());
        Assert.Equal($"{s.Path()}/{version}", created.Headers.Location?.OriginalString);
        Assert.NotNull(created.Headers.ETag);
        Assert.Equal("active", active.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, active.GetProperty("acceptedByVendorAt").ValueKind);
        Assert.Equal(JsonValueKind.String, active.GetProperty("acceptedByPartnerAt").ValueKind);
        var read = await (await s.AsPartner.GetAsync(s.Path("/active"))).AssertOkAsync();
        Assert.Equal(version, read.GetProperty("version").GetInt32());
        Assert.Equal(["activeUsers"], read.GetProperty("entitlements")[0].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Accepting_a_new_version_supersedes_the_active_one()
    {
        using var s = await SetupAsync();
        var first = await ActiveAsync(s);

        var second = await ActiveAsync(s);

        var list = await (await s.AsVendor.GetAsync(s.Path())).AssertOkAsync();
        var statuses = list.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("version").GetInt32(), i => i);
        Assert.Equal("superseded", statuses[first].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, statuses[first].GetProperty("supersededAt").ValueKind);
        Assert.Equal("active", statuses[second].GetProperty("status").GetString());
    }

    [Fact]
    public async Task No_active_contract_is_404()
    {
        using var s = await SetupAsync();

        await (await s.AsVendor.GetAsync(s.Path("/active"))).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Editing_a_draft_needs_if_match_428_and_a_current_etag_412()
    {
        using var s = await SetupAsync();
        var version = await DraftAsync(s.AsVendor, s);
        var etag = (await s.AsVendor.GetAsync(s.Path($"/{version}"))).Headers.ETag!.ToString();

        var missing = await s.AsVendor.SendAsync(Put(s, version, ContractBodies.With(notes: "v2"), null));
        var edited = await s.AsVendor.SendAsync(Put(s, version, ContractBodies.With(notes: "v2"), etag));
        var stale = await s.AsVendor.SendAsync(Put(s, version, ContractBodies.With(notes: "v3"), etag));

        await missing.AssertProblemAsync(HttpStatusCode.PreconditionRequired, "precondition-required");
        var body = await edited.AssertOkAsync();
        Assert.Equal("v2", body.GetProperty("notes").GetString());
        Assert.NotEqual(etag, edited.Headers.ETag!.ToString());
        Assert.Equal(edited.Headers.ETag!.ToString(), body.GetProperty("etag").GetString());
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    [Fact]
    public async Task Only_the_drafter_edits_and_only_a_draft()
    {
        using var s = await SetupAsync();
        var version = await DraftAsync(s.AsVendor, s);

        var byPartner = await s.AsPartner.SendAsync(Put(s, version, ContractBodies.With(), "*"));
        await (await s.AsVendor.PostAsync(s.Path($"/{version}/propose"), null)).AssertOkAsync();
        var proposed = await s.AsVendor.SendAsync(Put(s, version, ContractBodies.With(), "*"));

        await byPartner.AssertProblemAsync(HttpStatusCode.Conflict, "invalid-contract-transition");
        var problem = await proposed.AssertProblemAsync(HttpStatusCode.Conflict, "invalid-contract-transition");
        Assert.Equal("proposed", problem.GetProperty("currentStatus").GetString());
    }

    [Fact]
    public async Task Only_the_drafter_proposes()
    {
        using var s = await SetupAsync();
        var version = await DraftAsync(s.AsVendor, s);

        await (await s.AsPartner.PostAsync(s.Path($"/{version}/propose"), null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-contract-transition");
    }

    [Fact]
    public async Task The_proposer_cannot_accept_or_reject_its_own_proposal()
    {
        using var s = await SetupAsync();
        var version = await ProposedAsync(s);

        await (await s.AsVendor.PostAsync(s.Path($"/{version}/accept"), null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-contract-transition");
        await (await s.AsVendor.PostAsync(s.Path($"/{version}/reject"), null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-contract-transition");
    }

    [Fact]
    public async Task The_counterparty_rejects_and_the_version_stays_read_only()
    {
        using var s = await SetupAsync();
        var version = await ProposedAsync(s);

        var rejected = await (await s.AsPartner.PostAsync(s.Path($"/{version}/reject"), null)).AssertOkAsync();

        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        foreach (var action in new[] { "propose", "accept", "reject", "terminate" })
        {
            await (await s.AsPartner.PostAsync(s.Path($"/{version}/{action}"), null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-contract-transition");
        }

        await (await s.AsVendor.SendAsync(Put(s, version, ContractBodies.With(), "*"))).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-contract-transition");
    }

    [Fact]
    public async Task Either_party_terminates_the_active_version_and_it_stays_read_only()
    {
        using var s = await SetupAsync();
        var version = await ActiveAsync(s);

        var terminated = await (await s.AsPartner.PostAsync(s.Path($"/{version}/terminate"), null)).AssertOkAsync();

        Assert.Equal("terminated", terminated.GetProperty("status").GetString());
        await (await s.AsVendor.PostAsync(s.Path($"/{version}/terminate"), null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-contract-transition");
        await (await s.AsVendor.GetAsync(s.Path("/active"))).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("accept")]
    [InlineData("reject")]
    [InlineData("terminate")]
    public async Task Illegal_moves_on_a_draft_are_409_naming_the_status(string action)
    {
        using var s = await SetupAsync();
        var version = await DraftAsync(s.AsVendor, s);

        var problem = await (await s.AsPartner.PostAsync(s.Path($"/{version}/{action}"), null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-contract-transition");

        Assert.Equal("draft", problem.GetProperty("currentStatus").GetString());
    }

    [Fact]
    public async Task A_superseded_version_cannot_be_terminated()
    {
        using var s = await SetupAsync();
        var first = await ActiveAsync(s);
        await ActiveAsync(s);

        await (await s.AsVendor.PostAsync(s.Path($"/{first}/terminate"), null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-contract-transition");
    }

    [Fact]
    public async Task Proposing_or_accepting_needs_an_active_partnership()
    {
        using var s = await SetupAsync();
        var proposed = await ProposedAsync(s);
        var draft = await DraftAsync(s.AsVendor, s);
        using var admin = await app.OperatorAsync();
        (await admin.PatchAsJsonAsync($"/v1/partnerships/{s.Partnership}", new { status = "suspended" })).EnsureSuccessStatusCode();

        await (await s.AsPartner.PostAsync(s.Path($"/{proposed}/accept"), null)).AssertProblemAsync(HttpStatusCode.Conflict, "partnership-not-active");
        await (await s.AsVendor.PostAsync(s.Path($"/{draft}/propose"), null)).AssertProblemAsync(HttpStatusCode.Conflict, "partnership-not-active");
    }

    [Fact]
    public async Task Invalid_terms_list_every_error_by_json_path()
    {
        using var s = await SetupAsync();

        var response = await s.AsVendor.PostAsJsonAsync(s.Path(), new
        {
            obligations = new object[] { new { signalType = "adopt.active_users", freshnessDays = 0 }, new { freshnessDays = 5 } },
            entitlements = new[] { new { signalType = "adopt.active_users", fields = new[] { "seats" }, lookbackDays = 4000 } },
            reciprocity = new { mode = "strict", minimumCompliance = 1.5, graceDays = 91 },
        });

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).GetProperty("errors");
        foreach (var path in new[] { "obligations[1].signalType" })
        {
            Assert.True(errors.TryGetProperty(path, out _), path);
        }

        var complete = await s.AsVendor.PostAsJsonAsync(s.Path(), new
        {
            obligations = new[] { new { signalType = "adopt.active_users", freshnessDays = 0 } },
            entitlements = new[] { new { signalType = "adopt.active_users", fields = new[] { "seats" }, lookbackDays = 4000 } },
            reciprocity = new { mode = "strict", minimumCompliance = 1.5, graceDays = 91 },
        });
        var all = (await complete.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).GetProperty("errors");
        foreach (var path in new[] { "obligations[0].signalType", "obligations[0].freshnessDays", "entitlements[0].fields[0]", "entitlements[0].lookbackDays",
                     "reciprocity.mode", "reciprocity.minimumCompliance", "reciprocity.graceDays" })
        {
            Assert.True(all.TryGetProperty(path, out _), path);
        }
    }

    [Fact]
    public async Task Another_vendors_custom_type_cannot_be_named()
    {
        var other = await app.CreatePartyAsync("vendor");
        using var asOther = await app.AsAsync(other);
        (await asOther.PostAsJsonAsync("/v1/signal-types", new
        {
            key = "x-foreign", stage = "adopt", category = "action", publisher = "partner",
            schema = new { type = "object", properties = new { a = new { type = "string" } } },
        })).EnsureSuccessStatusCode();
        using var s = await SetupAsync();

        var response = await s.AsVendor.PostAsJsonAsync(s.Path(), ContractBodies.With(obligation: "x-foreign"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Outsiders_get_404_on_every_contract_path()
    {
        using var s = await SetupAsync();
        var version = await ActiveAsync(s);
        var outsider = await app.CreatePartyAsync("partner");
        using var http = await app.AsAsync(outsider);

        await (await http.GetAsync(s.Path())).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await http.GetAsync(s.Path($"/{version}"))).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await http.GetAsync(s.Path("/active"))).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await http.PostAsJsonAsync(s.Path(), ContractBodies.With())).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await http.PostAsync(s.Path($"/{version}/terminate"), null)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await http.SendAsync(Put(s, version, ContractBodies.With(), "*"))).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Unknown_version_is_404()
    {
        using var s = await SetupAsync();

        await (await s.AsVendor.GetAsync(s.Path("/99"))).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await s.AsVendor.PostAsync(s.Path("/99/propose"), null)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Changing_contracts_needs_the_contracts_manage_scope()
    {
        var vendor = await app.CreatePartyAsync("vendor", "exchange.read");
        using var s = await SetupAsync(vendor);

        await (await s.AsVendor.GetAsync(s.Path())).AssertOkAsync();
        await (await s.AsVendor.PostAsJsonAsync(s.Path(), ContractBodies.With())).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }

    [Fact]
    public async Task Every_contract_change_is_in_the_change_log_in_order()
    {
        using var s = await SetupAsync();
        await ActiveAsync(s);   // create, propose, accept
        await ActiveAsync(s);   // create, propose, accept + supersede

        var db = new Db(new DatabaseOptions { Provider = app.Provider, ConnectionString = app.ConnectionString });
        await using var connection = await db.OpenAsync();
        var positions = (await connection.QueryAsync<long>(
            "SELECT position FROM changes WHERE partnership_id = @p AND entity = 'contract' ORDER BY position", new { p = s.Partnership })).ToList();

        Assert.Equal(7, positions.Count);
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(positions.Count, positions.Distinct().Count());
    }

    [Fact]
    public async Task Racing_acceptances_and_a_termination_end_in_one_consistent_outcome()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        for (var round = 0; round < 8; round++)
        {
            using var s = await SetupAsync(vendor);
            var v1 = await ActiveAsync(s);
            var v2 = await ProposedAsync(s);
            var v3 = await ProposedAsync(s);

            var responses = await Task.WhenAll(
                s.AsPartner.PostAsync(s.Path($"/{v2}/accept"), null),
                s.AsPartner.PostAsync(s.Path($"/{v3}/accept"), null),
                s.AsPartner.PostAsync(s.Path($"/{v3}/accept"), null),
                s.AsVendor.PostAsync(s.Path($"/{v1}/terminate"), null));

            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)r.StatusCode}"));
            var accepts = responses.Take(3).Count(r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(2, accepts); // v2 once, v3 exactly once
            var versions = (await (await s.AsVendor.GetAsync(s.Path())).AssertOkAsync()).GetProperty("items").EnumerateArray().ToList();
            Assert.Single(versions, v => v.GetProperty("status").GetString() == "active");
            foreach (var v in versions)
            {
                var status = v.GetProperty("status").GetString();
                bool Has(string p) => v.GetProperty(p).ValueKind != JsonValueKind.Null;
                Assert.True(status switch
                {
                    "active" => Has("activatedAt") && !Has("supersededAt") && !Has("terminatedAt"),
                    "superseded" => Has("activatedAt") && Has("supersededAt") && !Has("terminatedAt"),
                    "terminated" => Has("activatedAt") && Has("terminatedAt") && !Has("supersededAt"),
                    _ => false,
                }, $"round {round}: version {v.GetProperty("version")} is {status} with inconsistent times");
            }

            var v1Status = versions.Single(v => v.GetProperty("version").GetInt32() == v1).GetProperty("status").GetString();
            Assert.Equal(responses[3].StatusCode == HttpStatusCode.OK ? "terminated" : "superseded", v1Status);
        }
    }
}

public sealed class ContractsOnSqlite(SqliteApp app) : ContractsTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class ContractsOnPostgres(PostgresApp app) : ContractsTests(app), IClassFixture<PostgresApp>;
