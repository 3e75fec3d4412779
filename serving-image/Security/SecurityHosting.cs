using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Metrics;

namespace Rollouts.Serving.Security;

/// <summary>
/// Wires authentication, rate limiting and the metrics port into the host: <see cref="Configure"/> before the app is
/// built (the JwtBearer scheme, the <see cref="RequestGate"/>),
/// <see cref="UseGate"/> after (reads the credentials files, so a missing or empty one stops the start).
/// </summary>
public static class SecurityHosting
{
    /// <summary>
    /// The listen address of <c>--metrics-port</c>, on the host of the first REST address (<c>*</c> and <c>+</c> as
    /// 0.0.0.0), or null when the option is off. The host binds it beside the REST addresses.
    /// </summary>
    public static string? MetricsUrl(IReadOnlyList<string> restUrls, SecurityOptions security)
    {
        if (security.MetricsPort is not int port)
        {
            return null;
        }

        var host = new UriBuilder(restUrls[0].Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal)).Host;
        return $"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>Registers what the options turn on; nothing when all is off.</summary>
    public static void Configure(WebApplicationBuilder builder, ServingOptions options)
    {
        var security = options.Security;
        var services = builder.Services;
        if (security.JwtEnabled)
        {
            services.AddSingleton(sp => new JwtAuthenticator(Open(sp, security.JwtSigningKeysFile!, "--jwt-signing-keys-file", JwtAuthenticator.ParseJwks)));
            services.AddAuthentication(JwtAuthenticator.Scheme).AddJwtBearer();
            services.AddOptions<JwtBearerOptions>(JwtAuthenticator.Scheme)
                .Configure<JwtAuthenticator>((o, jwt) => jwt.Configure(o, security.JwtIssuer!, security.JwtAudience!));
        }

        services.AddSingleton(sp =>
        {
            var keys = security.ApiKeysEnabled ? Open<ApiKeySet>(sp, security.ApiKeysFile!, "--api-keys-file", ApiKeySet.Parse) : null;
            var jwt = security.JwtEnabled ? sp.GetRequiredService<JwtAuthenticator>() : null;
            var authenticator = keys is null && jwt is null ? null : new Authenticator(keys, jwt);
            var limits = options.Limits;
            var limiter = limits.RateLimited ? new ClientRateLimiter(limits.RateLimitRps, limits.RateLimitBurst) : null;
            return new RequestGate(security, limits, authenticator, limiter, sp.GetRequiredService<IServingMetrics>());
        });
    }

    /// <summary>
    /// Puts the <see cref="RequestGate"/> in front of the endpoints when anything is on; false after writing one line
    /// per unreadable or refused credentials file to <paramref name="errors"/>.
    /// </summary>
    public static bool UseGate(WebApplication app, ServingOptions options, TextWriter errors)
    {
        if (!options.Security.AuthenticationEnabled && options.Security.MetricsPort is null && !options.Limits.RateLimited)
        {
            return true;
        }

        RequestGate gate;
        try
        {
            gate = app.Services.GetRequiredService<RequestGate>();
        }
        catch (CredentialsFileException e)
        {
            errors.WriteLine($"invalid option: {e.Message}");
            return false;
        }

        app.Use(gate.InvokeAsync);
        return true;
    }

    private static PolledFile<T> Open<T>(IServiceProvider services, string path, string what, PolledFile<T>.Parser parse)
        where T : class =>
        PolledFile<T>.Open(path, what, parse, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>().CreateLogger("Rollouts.Serving.Security"), out var error)
            ?? throw new CredentialsFileException(error!);
}
