namespace PartnerExchange.Api.Infrastructure;

/// <summary>Bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder for the embedded database, the development signing key and demo credentials; relative to the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    public string ResolveDataDirectory(IHostEnvironment environment) =>
        Path.GetFullPath(Path.Combine(environment.ContentRootPath, DataDirectory));
}
