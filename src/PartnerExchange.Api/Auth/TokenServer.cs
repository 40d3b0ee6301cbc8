using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using PartnerExchange.Data.Clients;
using PartnerExchange.Domain.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;
using Scopes = PartnerExchange.Domain.Auth.Scopes;
using OidcErrors = OpenIddict.Abstractions.OpenIddictConstants.Errors;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace PartnerExchange.Api.Auth;

/// <summary>
/// The embedded OAuth2 token server: OpenIddict in degraded mode, with clients read from our own
/// table. Only the client-credentials grant is enabled.
/// </summary>
public static class TokenServer
{
    public const string TokenPath = "/connect/token";
    private const string ClientProperty = "px:client";

    public static IServiceCollection AddTokenServer(this IServiceCollection services, AuthOptions auth)
    {
        services.AddOpenIddict().AddServer(options =>
        {
            options.SetTokenEndpointUris(TokenPath.TrimStart('/'));
            options.AllowClientCredentialsFlow();
            options.EnableDegradedMode();
            options.RegisterScopes([.. Scopes.All]);
            options.DisableAccessTokenEncryption();
            // Required by OpenIddict even though no token is encrypted; nothing encrypted outlives the process.
            options.AddEphemeralEncryptionKey();

            var aspNetCore = options.UseAspNetCore();
            if (auth.AllowHttp)
            {
                aspNetCore.DisableTransportSecurityRequirement();
            }

            options.AddEventHandler<ValidateTokenContext>(b => b
                .UseScopedHandler<SupplyClientAssertionKeys>()
                .SetOrder(OpenIddictServerHandlers.Protection.ResolveTokenValidationParameters.Descriptor.Order + 1));
            options.AddEventHandler<ProcessAuthenticationContext>(b => b
                .UseScopedHandler<AuthenticateClient>()
                .SetOrder(OpenIddictServerHandlers.ValidateClientCertificate.Descriptor.Order + 1_000));
            options.AddEventHandler<HandleTokenRequestContext>(b => b.UseSingletonHandler<IssueAccessToken>());
        });

        // Keys, lifetime and issuer are applied when the options are first used, not while the host is
        // only being built, so that inspecting the host creates no key file.
        services.AddOptions<OpenIddictServerOptions>().Configure<SigningKeys, IOptions<AuthOptions>>((options, keys, authOptions) =>
        {
            options.SigningCredentials.Add(new SigningCredentials(keys.Key, SecurityAlgorithms.RsaSha256));
            options.AccessTokenLifetime = authOptions.Value.AccessTokenLifetime;
            if (!string.IsNullOrWhiteSpace(authOptions.Value.Issuer))
            {
                options.Issuer = new Uri(authOptions.Value.Issuer, UriKind.Absolute);
            }
        });

        return services;
    }

    /// <summary>
    /// In degraded mode OpenIddict cannot look up a client's keys: supply the registered JWKS of the
    /// client named by the assertion so its signature can be checked.
    /// </summary>
    private sealed class SupplyClientAssertionKeys(ClientsData clients) : IOpenIddictServerHandler<ValidateTokenContext>
    {
        public async ValueTask HandleAsync(ValidateTokenContext context)
        {
            if (context.ValidTokenTypes.Count != 1 || !context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion))
            {
                return;
            }

            // The issuer is not trusted yet: it only picks which keys to try.
            var handler = new JsonWebTokenHandler();
            if (!handler.CanReadToken(context.Token))
            {
                return;
            }

            var issuer = handler.ReadJsonWebToken(context.Token).Issuer;
            var client = string.IsNullOrEmpty(issuer) ? null : await clients.GetAsync(issuer, CancellationToken.None);
            context.TokenValidationParameters.IssuerSigningKeys =
                client is { AuthMethod: ClientAuthMethod.PrivateKeyJwt, Jwks: not null }
                    ? new JsonWebKeySet(client.Jwks).GetSigningKeys()
                    : [];
        }
    }

    /// <summary>
    /// Authenticates the client of a token request against our table: secret hash, or a validated
    /// private_key_jwt assertion whose jti was never seen; then checks the requested scopes.
    /// </summary>
    private sealed class AuthenticateClient(ClientsData clients, TimeProvider clock) : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public async ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            if (context.EndpointType != OpenIddictServerEndpointType.Token)
            {
                return;
            }

            var assertion = context.ClientAssertionPrincipal;
            var clientId = context.ClientId ?? assertion?.GetClaim(Claims.Subject);
            var client = string.IsNullOrEmpty(clientId) ? null : await clients.GetAsync(clientId, CancellationToken.None);
            if (client is null || client.Status != ClientStatus.Active)
            {
                context.Reject(OidcErrors.InvalidClient, "The client is unknown or disabled.");
                return;
            }

            if (client.AuthMethod == ClientAuthMethod.PrivateKeyJwt)
            {
                if (assertion is null || !string.IsNullOrEmpty(context.ClientSecret))
                {
                    context.Reject(OidcErrors.InvalidClient, "This client authenticates with private_key_jwt.");
                    return;
                }

                var jti = assertion.GetClaim(Claims.JwtId);
                var expires = assertion.GetExpirationDate();
                if (string.IsNullOrEmpty(jti) || expires is null)
                {
                    context.Reject(OidcErrors.InvalidClient, "The client assertion must carry jti and exp.");
                    return;
                }

                if (!await clients.TryRecordAssertionAsync(client.ClientId, jti, expires.Value, clock.GetUtcNow(), CancellationToken.None))
                {
                    context.Reject(OidcErrors.InvalidClient, "The client assertion was already used.");
                    return;
                }
            }
            else if (assertion is not null || string.IsNullOrEmpty(context.ClientSecret) || !ClientSecrets.Verify(context.ClientSecret, client.SecretHash))
            {
                context.Reject(OidcErrors.InvalidClient, "The client credentials are invalid.");
                return;
            }

            var allowed = Scopes.Parse(client.Scopes);
            var missing = context.Request.GetScopes().Except(allowed, StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                context.Reject(OidcErrors.InvalidScope, $"The client may not request: {string.Join(' ', missing)}.");
                return;
            }

            context.Transaction.Properties[ClientProperty] = client;
        }
    }

    /// <summary>Issues the access token: requested ∩ allowed scopes, or all allowed when none were requested.</summary>
    private sealed class IssueAccessToken : IOpenIddictServerHandler<HandleTokenRequestContext>
    {
        public ValueTask HandleAsync(HandleTokenRequestContext context)
        {
            if (!context.Request.IsClientCredentialsGrantType()
                || !context.Transaction.Properties.TryGetValue(ClientProperty, out var value) || value is not ClientRow client)
            {
                context.Reject(OidcErrors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
                return default;
            }

            var requested = context.Request.GetScopes();
            var granted = requested.IsEmpty ? Scopes.Parse(client.Scopes) : [.. requested];

            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, client.ClientId);
            identity.SetClaim(PxClaims.ClientId, client.ClientId);
            if (client.PartyId is not null)
            {
                identity.SetClaim(PxClaims.PartyId, client.PartyId);
                identity.SetClaim(PxClaims.PartyKind, client.PartyKind);
            }

            identity.SetScopes(granted);
            identity.SetAudiences(AuthOptions.Audience);
            identity.SetDestinations(static _ => [Destinations.AccessToken]);

            context.SignIn(new ClaimsPrincipal(identity));
            return default;
        }
    }
}
