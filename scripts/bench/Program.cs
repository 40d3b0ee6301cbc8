// Benchmarks of the real API against a straight-Dapper floor measured in the same run.
// Usage: PartnerExchange.Bench ingest <apiBaseUrl> <apiPid> <operatorSecret> <scratchDir> [signals]   (issue 4)
//        PartnerExchange.Bench score  <apiBaseUrl> <apiPid> <operatorSecret> <databaseFile>           (issue 5)
using PartnerExchange.Bench;

return args.FirstOrDefault() switch
{
    "ingest" => await IngestBench.RunAsync(args[1..]),
    "score" => await ScoreBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PartnerExchange.Bench ingest|score <apiBaseUrl> <apiPid> <operatorSecret> <scratchDir|databaseFile> [signals]");
    return 2;
}
