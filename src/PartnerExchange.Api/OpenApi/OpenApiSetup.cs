using System.Text.Json;
using System.Text.Json.Nodes;
using Asp.Versioning;
using Asp.Versioning.ApiExplorer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Domain.Auth;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PartnerExchange.Api.OpenApi;

/// <summary>URL-segment API versions, one OpenAPI document per version, and Swagger UI with client credentials.</summary>
public static class OpenApiSetup
{
    private const string SecurityScheme = "oauth2";

    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.AddApiVersioning(options =>
            {
                options.DefaultApiVersion = new ApiVersion(1);
                options.ReportApiVersions = true;
                options.ApiVersionReader = new UrlSegmentApiVersionReader();
            })
            .AddApiExplorer(options =>
            {
                options.GroupNameFormat = "'v'V";
                options.SubstituteApiVersionInUrl = true;
            });

        services.AddSwaggerGen(options =>
        {
            options.IncludeXmlComments(typeof(OpenApiSetup).Assembly, includeControllerXmlComments: false);
            options.SupportNonNullableReferenceTypes();
            options.MapType<RawJson>(() => new OpenApiSchema()); // any JSON, as stored
            options.AddSecurityDefinition(SecurityScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "OAuth2 client credentials. Swagger UI asks for a client id and secret, then calls the token endpoint.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri(TokenServer.TokenPath, UriKind.Relative),
                        Scopes = Scopes.Descriptions.ToDictionary(),
                    },
                },
            });
            options.OperationFilter<SecurityAndErrorResponses>();
            options.DocumentFilter<Webhooks.WebhookDocumentation>();
        });
        services.AddTransient<IConfigureOptions<SwaggerGenOptions>, OneDocumentPerVersion>();
        return services;
    }

    /// <summary>Serves the documents and Swagger UI; call after the endpoints are mapped.</summary>
    public static WebApplication UseApiVersionPolicies(this WebApplication app)
    {
        app.UseMiddleware<ApiVersionPolicies>();
        return app;
    }

    public static WebApplication UseApiDocs(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            foreach (var description in app.DescribeApiVersions())
            {
                options.SwaggerEndpoint($"/swagger/{description.GroupName}/swagger.json", $"PartnerExchange {description.GroupName}");
            }

            options.OAuthScopeSeparator(" ");
            options.EnablePersistAuthorization();
        });
        return app;
    }

    /// <summary>The document of one version as JSON, exactly as <c>/swagger/{version}/swagger.json</c> serves it.</summary>
    public static async Task<string> RenderAsync(IServiceProvider services, string documentName)
    {
        var document = await services.GetRequiredService<IAsyncSwaggerProvider>().GetSwaggerAsync(documentName);
        using var writer = new StringWriter();
        document.SerializeAsV3(new OpenApiJsonWriter(writer));
        return Normalize(writer.ToString());
    }

    /// <summary>Indented JSON with a final newline, so committed documents diff well.</summary>
    public static string Normalize(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private sealed class OneDocumentPerVersion(IApiVersionDescriptionProvider provider) : IConfigureOptions<SwaggerGenOptions>
    {
        public void Configure(SwaggerGenOptions options)
        {
            foreach (var description in provider.ApiVersionDescriptions)
            {
                options.SwaggerDoc(description.GroupName, new OpenApiInfo
                {
                    Title = "PartnerExchange API",
                    Version = description.ApiVersion.ToString(),
                    Description =
                        "Exchange customer-lifecycle data between a vendor and its partners under per-partnership data contracts, " +
                        "and read partner success scores. Authenticate with OAuth2 client credentials at /connect/token. " +
                        "Every error is RFC 9457 problem details with a stable `type`." +
                        (description.IsDeprecated ? " This version is deprecated." : ""),
                });
            }
        }
    }

    /// <summary>States each operation's required scopes and the problem answers every protected operation can give.</summary>
    private sealed class SecurityAndErrorResponses : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IdempotentEndpoint>().Any())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyFilter.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Up to 255 characters, per client, kept 24 hours: the first response is replayed for the same request; " +
                        "another request with the same key answers 422; while the first is still running, 409.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                });
            }

            var authorize = metadata.OfType<IAuthorizeData>().ToList();
            if (authorize.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }

            var scopes = authorize.Select(a => a.Policy).OfType<string>()
                .SelectMany(p => Policies.Scopes.TryGetValue(p, out var anyOf) ? anyOf : []).Distinct().ToList();
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(SecurityScheme, context.Document)] = scopes,
            });

            operation.Responses ??= [];
            AddProblem(operation, "401", "No token, or an invalid, expired or revoked token.", context);
            if (scopes.Count > 0)
            {
                AddProblem(operation, "403", "The token lacks the required scope (`insufficient_scope`).", context);
            }

            AddProblem(operation, "429", "The client's rate limit is exhausted; see `Retry-After`.", context);
        }

        private static void AddProblem(OpenApiOperation operation, string status, string description, OperationFilterContext context)
        {
            if (operation.Responses!.ContainsKey(status))
            {
                return;
            }

            var schema = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            };
        }
    }
}
