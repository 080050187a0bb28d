using System.Globalization;
using System.Net;

namespace WellWon.Platform.KurrentDB;

/// <summary>
/// A KurrentDB connection string as Aspire's KurrentDB integration and KurrentDB's own clients write it:
/// <c>kurrentdb://[user:password@]host[:port][,host[:port]…][/][?tls=false&amp;…]</c> (also <c>kdb://</c> and <c>esdb://</c>).
/// Nodes are tried in order and the first that answers is used; a node that says it is not the leader redirects to the leader.
/// TLS is on unless <c>tls=false</c>; the port defaults to 2113.
/// </summary>
public sealed record KurrentDbConnectionString
{
    public const int DefaultPort = 2113;

    private static readonly string[] Schemes = ["kurrentdb", "kdb", "esdb"];

    private static readonly string[] Settings =
        ["tls", "tlsVerifyCert", "defaultDeadline", "keepAliveInterval", "keepAliveTimeout", "connectionName", "nodePreference"];

    public required IReadOnlyList<DnsEndPoint> Nodes { get; init; }

    public bool UseTls { get; init; } = true;

    /// <summary><c>tlsVerifyCert=false</c> accepts any server certificate: only for development clusters with self-signed certificates.</summary>
    public bool VerifyCertificate { get; init; } = true;

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Deadline of every append and read (not of subscriptions); <c>defaultDeadline</c> in milliseconds.</summary>
    public TimeSpan DefaultDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>HTTP/2 pings on an idle connection, so a dead peer is noticed while a subscription waits; <c>-1</c> turns them off.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sent as the <c>connection-name</c> header, so the server's logs name the client.</summary>
    public string? ConnectionName { get; init; }

    /// <summary>Parses <paramref name="value"/>, or throws a <see cref="FormatException"/> that says what is wrong (the password never appears in it).</summary>
    public static KurrentDbConnectionString Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new FormatException("The KurrentDB connection string is empty; expected e.g. 'kurrentdb://localhost:2113?tls=false'.");
        }

        var text = value.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw Invalid(text, "it does not start with a scheme; expected 'kurrentdb://host:port'");
        }

        var scheme = text[..schemeEnd].ToLowerInvariant();
        if (scheme.EndsWith("+discover", StringComparison.Ordinal))
        {
            throw Invalid(text, $"'{scheme}://' asks for gossip discovery, which WellWon's client does not do; list the cluster's nodes instead: 'kurrentdb://node1:2113,node2:2113,node3:2113'");
        }

        if (!Schemes.Contains(scheme))
        {
            throw Invalid(text, $"unknown scheme '{scheme}://'; expected one of {string.Join(", ", Schemes.Select(s => $"'{s}://'"))}");
        }

        var rest = text[(schemeEnd + 3)..];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart >= 0 ? rest[(queryStart + 1)..] : "";
        var authority = (queryStart >= 0 ? rest[..queryStart] : rest).TrimEnd('/');
        if (authority.Contains('/', StringComparison.Ordinal))
        {
            throw Invalid(text, "a path after the host is not allowed");
        }

        string? username = null;
        string? password = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == userInfo.Length - 1)
            {
                throw Invalid(text, "credentials must be 'user:password@' with both parts present");
            }

            username = Uri.UnescapeDataString(userInfo[..colon]);
            password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        }

        var nodes = authority.Split(',').Select(h => ParseNode(text, h.Trim())).ToList();
        var result = new KurrentDbConnectionString { Nodes = nodes, Username = username, Password = password };
        return ApplySettings(text, result, query);
    }

    /// <summary>The connection string with the password masked, for logs and error messages.</summary>
    public override string ToString()
    {
        var credentials = Username is null ? "" : $"{Uri.EscapeDataString(Username)}:***@";
        var hosts = string.Join(',', Nodes.Select(n => $"{n.Host}:{n.Port.ToString(CultureInfo.InvariantCulture)}"));
        return $"kurrentdb://{credentials}{hosts}?tls={(UseTls ? "true" : "false")}";
    }

    private static DnsEndPoint ParseNode(string text, string node)
    {
        if (node.Length == 0)
        {
            throw Invalid(text, "a host is missing (an empty entry in the host list)");
        }

        string host;
        string? port = null;
        if (node.StartsWith('['))
        {
            // [IPv6]:port
            var close = node.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid(text, $"'{node}' opens an IPv6 address with '[' but never closes it");
            }

            host = node[1..close];
            var after = node[(close + 1)..];
            if (after.Length > 0)
            {
                port = after.StartsWith(':') ? after[1..] : throw Invalid(text, $"'{node}' has text after its IPv6 address that is not ':port'");
            }
        }
        else
        {
            var colon = node.LastIndexOf(':');
            host = colon >= 0 ? node[..colon] : node;
            port = colon >= 0 ? node[(colon + 1)..] : null;
        }

        // Underscores appear in container and compose service names; DNS accepts them where URIs do not.
        if (host.Length == 0 || Uri.CheckHostName(host.Replace('_', '-')) == UriHostNameType.Unknown)
        {
            throw Invalid(text, $"'{host}' is not a host name or address");
        }

        if (port is null)
        {
            return new DnsEndPoint(host, DefaultPort);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535
            ? new DnsEndPoint(host, number)
            : throw Invalid(text, $"'{port}' is not a port (1-65535) of host '{host}'");
    }

    private static KurrentDbConnectionString ApplySettings(string text, KurrentDbConnectionString result, string query)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals >= 0 ? pair[..equals] : pair).Trim();
            var value = equals >= 0 ? Uri.UnescapeDataString(pair[(equals + 1)..]).Trim() : "";
            var known = Settings.FirstOrDefault(s => string.Equals(s, key, StringComparison.OrdinalIgnoreCase))
                ?? throw Invalid(text, $"unknown setting '{key}'; WellWon's client understands {string.Join(", ", Settings)}");
            if (!seen.Add(known))
            {
                throw Invalid(text, $"'{known}' is given twice");
            }

            result = known switch
            {
                "tls" => result with { UseTls = Boolean(text, known, value) },
                "tlsVerifyCert" => result with { VerifyCertificate = Boolean(text, known, value) },
                "defaultDeadline" => result with { DefaultDeadline = Milliseconds(text, known, value, allowOff: false) },
                "keepAliveInterval" => result with { KeepAliveInterval = Milliseconds(text, known, value, allowOff: true) },
                "keepAliveTimeout" => result with { KeepAliveTimeout = Milliseconds(text, known, value, allowOff: true) },
                "connectionName" => result with { ConnectionName = value.Length > 0 ? value : throw Invalid(text, "'connectionName' is empty") },
                // Writes and subscriptions always go to the leader (requires-leader), whatever node answers first.
                _ => string.Equals(value, "leader", StringComparison.OrdinalIgnoreCase)
                    ? result
                    : throw Invalid(text, $"nodePreference '{value}' is not supported; WellWon always works against the leader"),
            };
        }

        return result;
    }

    private static bool Boolean(string text, string key, string value) =>
        bool.TryParse(value, out var flag) ? flag : throw Invalid(text, $"'{key}' must be true or false, not '{value}'");

    private static TimeSpan Milliseconds(string text, string key, string value, bool allowOff)
    {
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) || ms < -1 || ms == 0 || (ms == -1 && !allowOff))
        {
            throw Invalid(text, $"'{key}' must be a positive number of milliseconds{(allowOff ? " (or -1 for off)" : "")}, not '{value}'");
        }

        return ms == -1 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(ms);
    }

    private static FormatException Invalid(string text, string reason) =>
        new($"Invalid KurrentDB connection string '{Redact(text)}': {reason}.");

    // user:password@ → user:***@, so a connection string in an exception never leaks the password.
    private static string Redact(string text)
    {
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.LastIndexOf('@');
        var query = text.IndexOf('?', StringComparison.Ordinal);
        if (schemeEnd < 0 || at < schemeEnd || (query >= 0 && at > query))
        {
            return text;
        }

        var userInfo = text[(schemeEnd + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? text : $"{text[..(schemeEnd + 3)]}{userInfo[..colon]}:***{text[at..]}";
    }
}
