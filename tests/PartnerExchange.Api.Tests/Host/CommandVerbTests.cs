using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PartnerExchange.Api.OpenApi;

namespace PartnerExchange.Api.Tests.Host;

/// <summary>The built API run as a process: <c>migrate</c> and <c>openapi PATH</c> instead of serving.</summary>
public sealed class CommandVerbTests
{
    private static async Task<(int ExitCode, string Output)> RunApiAsync(string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PartnerExchange.Api.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Migrate_verb_creates_the_schema_and_exits()
    {
        var directory = Directory.CreateTempSubdirectory("px-migrate-").FullName;
        var file = Path.Combine(directory, "db", "px.db");

        var (exitCode, output) = await RunApiAsync(directory, new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__PartnerExchange"] = $"Data Source={file}",
        }, "migrate");

        Assert.True(exitCode == 0, output);
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('parties', 'clients', 'partnerships')";
        Assert.Equal(3L, command.ExecuteScalar());
    }

    [Fact]
    public async Task Openapi_verb_writes_the_document_and_creates_nothing_else()
    {
        var directory = Directory.CreateTempSubdirectory("px-openapi-").FullName;
        var dataDirectory = Path.Combine(directory, "data");
        var target = Path.Combine(directory, "v1.json");

        var (exitCode, output) = await RunApiAsync(directory, new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Storage__DataDirectory"] = dataDirectory,
            ["Demo__Seed"] = "true",
        }, "openapi", target);

        Assert.True(exitCode == 0, output);
        Assert.False(Directory.Exists(dataDirectory), "Inspecting the host must not create the data folder, a database or a key.");
        var committed = Path.Combine(AppContext.BaseDirectory, "openapi", "v1.json");
        Assert.Equal(OpenApiSetup.Normalize(await File.ReadAllTextAsync(committed)), await File.ReadAllTextAsync(target));
    }
}
