using Microsoft.Extensions.Logging;

namespace Df2.Silo.Core;

/// <summary>
/// Quiet logs: warnings and up, except the connection-retry warnings that flood while a killed silo is being
/// declared dead (Polly retries, refused connections) and the expected membership chatter, shown from Error.
/// A silo's console lines carry a UTC timestamp (<see cref="TimestampedConsole"/>).
/// </summary>
public static class LogFilters
{
    /// <summary>The console logger of a df2-silo: each line starts with its UTC time (ISO 8601, milliseconds), so one silo's log can be read beside another's.</summary>
    public static ILoggingBuilder TimestampedConsole(ILoggingBuilder l) =>
        l.AddSimpleConsole(o => { o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ "; o.UseUtcTimestamp = true; });

    public static ILoggingBuilder Apply(ILoggingBuilder l) => l
        .SetMinimumLevel(LogLevel.Warning)
        .AddFilter("Polly", LogLevel.Error)
        .AddFilter("Orleans.Runtime.Messaging", LogLevel.Error)
        .AddFilter("Orleans.Networking", LogLevel.Error)
        .AddFilter("Orleans.Runtime.MembershipService", LogLevel.Error)
        .AddFilter("Orleans.Runtime.GrainDirectory", LogLevel.Error)
        // one line when a dead silo's directory registrations make this silo deactivate grains (docs/reliability.md)
        .AddFilter("Orleans.Runtime.GrainDirectory.LocalGrainDirectory", LogLevel.Information)
        .AddFilter("Orleans.Runtime.Placement", LogLevel.Error)
        .AddFilter("Orleans.Messaging", LogLevel.Error)
        .AddFilter("Orleans.Runtime.Catalog", LogLevel.Error)
        .AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error)
        .AddFilter("Df2", LogLevel.Information);
}
