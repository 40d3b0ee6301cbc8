namespace PartnerExchange.Api.Errors;

/// <summary>
/// The stable <c>type</c> URIs of every problem this API answers with (listed in README.md).
/// Clients switch on these, never on the human-readable title or detail.
/// </summary>
public static class ProblemTypes
{
    private const string Base = "https://partnerexchange.dev/problems/";

    public const string Validation = Base + "validation";
    public const string MalformedJson = Base + "malformed-json";
    public const string BadRequest = Base + "bad-request";
    public const string Unauthorized = Base + "unauthorized";
    public const string InsufficientScope = Base + "insufficient-scope";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string Conflict = Base + "conflict";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string RateLimited = Base + "rate-limited";
    public const string UnsupportedApiVersion = Base + "unsupported-api-version";
    public const string Internal = Base + "internal";
    public const string Forbidden = Base + "forbidden";
    public const string PreconditionRequired = Base + "precondition-required";
    public const string PreconditionFailed = Base + "precondition-failed";
    public const string InvalidContractTransition = Base + "invalid-contract-transition";
    public const string PartnershipNotActive = Base + "partnership-not-active";
    public const string SignalTypeInUse = Base + "signal-type-in-use";
    public const string BatchRejected = Base + "batch-rejected";
    public const string ReciprocityNotMet = Base + "reciprocity-not-met";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string IdempotencyKeyInUse = Base + "idempotency-key-in-use";

    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => BadRequest,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => InsufficientScope,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status412PreconditionFailed => PreconditionFailed,
        StatusCodes.Status428PreconditionRequired => PreconditionRequired,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        _ => status >= 500 ? Internal : Base + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
