namespace WellWon.Platform.KurrentDB.Tests.Client;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Aspires_form_names_one_cleartext_node()
    {
        var parsed = KurrentDbConnectionString.Parse("kurrentdb://localhost:2113?tls=false");

        var node = Assert.Single(parsed.Nodes);
        Assert.Equal(("localhost", 2113), (node.Host, node.Port));
        Assert.False(parsed.UseTls);
        Assert.Null(parsed.Username);
        Assert.Equal(TimeSpan.FromSeconds(10), parsed.DefaultDeadline);
    }

    [Fact]
    public void Tls_is_on_and_the_port_is_2113_unless_said_otherwise()
    {
        var parsed = KurrentDbConnectionString.Parse("kurrentdb://db.internal");

        Assert.True(parsed.UseTls);
        Assert.True(parsed.VerifyCertificate);
        Assert.Equal(KurrentDbConnectionString.DefaultPort, Assert.Single(parsed.Nodes).Port);
    }

    [Fact]
    public void Esdb_cluster_form_lists_the_nodes_in_order_with_credentials()
    {
        var parsed = KurrentDbConnectionString.Parse("esdb://admin:changeit@node1:2113,node2:2114,node3?tls=true&tlsVerifyCert=false");

        Assert.Equal([("node1", 2113), ("node2", 2114), ("node3", 2113)], parsed.Nodes.Select(n => (n.Host, n.Port)));
        Assert.Equal(("admin", "changeit"), (parsed.Username, parsed.Password));
        Assert.True(parsed.UseTls);
        Assert.False(parsed.VerifyCertificate);
    }

    [Fact]
    public void Settings_and_scheme_are_read_without_regard_to_case_and_credentials_are_unescaped()
    {
        var parsed = KurrentDbConnectionString.Parse(
            "KurrentDB://us%40er:p%3Ass@[::1]:1234/?TLS=False&defaultDeadline=5000&keepAliveInterval=-1&connectionName=relay&nodePreference=Leader");

        Assert.Equal(("::1", 1234), (Assert.Single(parsed.Nodes).Host, parsed.Nodes[0].Port));
        Assert.Equal(("us@er", "p:ss"), (parsed.Username, parsed.Password));
        Assert.False(parsed.UseTls);
        Assert.Equal(TimeSpan.FromSeconds(5), parsed.DefaultDeadline);
        Assert.Equal(Timeout.InfiniteTimeSpan, parsed.KeepAliveInterval);
        Assert.Equal("relay", parsed.ConnectionName);
        Assert.Equal("compose_service_1", KurrentDbConnectionString.Parse("kdb://compose_service_1:2113").Nodes[0].Host);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("localhost:2113", "does not start with a scheme")]
    [InlineData("http://localhost:2113", "unknown scheme 'http://'")]
    [InlineData("kurrentdb+discover://cluster.local:2113", "gossip discovery")]
    [InlineData("kurrentdb://localhost:99999", "'99999' is not a port")]
    [InlineData("kurrentdb://localhost:abc", "'abc' is not a port")]
    [InlineData("kurrentdb://a:2113,,b:2113", "a host is missing")]
    [InlineData("kurrentdb://bad host:2113", "'bad host' is not a host name")]
    [InlineData("kurrentdb://[::1:2113", "never closes")]
    [InlineData("kurrentdb://localhost/events", "a path after the host")]
    [InlineData("kurrentdb://admin@localhost", "credentials must be 'user:password@'")]
    [InlineData("kurrentdb://localhost?tls=maybe", "'tls' must be true or false, not 'maybe'")]
    [InlineData("kurrentdb://localhost?tlss=false", "unknown setting 'tlss'")]
    [InlineData("kurrentdb://localhost?tls=false&TLS=true", "'tls' is given twice")]
    [InlineData("kurrentdb://localhost?defaultDeadline=0", "'defaultDeadline' must be a positive number of milliseconds")]
    [InlineData("kurrentdb://localhost?nodePreference=follower", "nodePreference 'follower' is not supported")]
    public void A_wrong_connection_string_says_what_is_wrong(string value, string reason)
    {
        var error = Assert.Throws<FormatException>(() => KurrentDbConnectionString.Parse(value));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_never_appears_in_an_error_or_in_ToString()
    {
        var error = Assert.Throws<FormatException>(() => KurrentDbConnectionString.Parse("kurrentdb://admin:s3cret@localhost:notaport"));
        var parsed = KurrentDbConnectionString.Parse("kurrentdb://admin:s3cret@localhost:2113?tls=false");

        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        Assert.Contains("admin:***@", error.Message, StringComparison.Ordinal);
        Assert.Equal("kurrentdb://admin:***@localhost:2113?tls=false", parsed.ToString());
    }
}
