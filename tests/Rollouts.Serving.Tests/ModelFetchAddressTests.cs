using System.Net;
using Microsoft.Extensions.Configuration;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Model;

namespace Rollouts.Serving.Tests;

/// <summary>
/// The pure parts of safe fetching: which addresses a download may connect to, how a host's addresses are checked after
/// resolution (an injected resolver stands in for DNS), which redirects are followed, how URIs are shown, and the options.
/// </summary>
public sealed class ModelFetchAddressTests
{
    [Theory]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("169.254.0.1", "link-local")]
    [InlineData("100.100.100.200", "Alibaba Cloud metadata")]
    [InlineData("192.0.0.192", "Oracle Cloud metadata")]
    [InlineData("168.63.129.16", "Azure host")]
    [InlineData("0.0.0.0", "'this network'")]
    [InlineData("0.1.2.3", "'this network'")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "reserved or broadcast")]
    [InlineData("fe80::1", "link-local (fe80::/10)")]
    [InlineData("febf::1", "link-local (fe80::/10)")]
    [InlineData("fd00:ec2::254", "AWS IPv6 metadata")]
    [InlineData("::", "unspecified")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:169.254.169.254", "carries 169.254.169.254, which is link-local")]
    [InlineData("::169.254.169.254", "carries 169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe", "carries 169.254.169.254")]
    [InlineData("2002:a9fe:a9fe::1", "carries 169.254.169.254")]
    [InlineData("::ffff:100.100.100.200", "Alibaba")]
    public void Link_local_metadata_and_unroutable_addresses_are_always_refused(string address, string why)
    {
        AddressPolicy.Refusal(IPAddress.Parse(address), denyPrivate: false).ShouldNotBeNull().ShouldContain(why);
        AddressPolicy.Refusal(IPAddress.Parse(address), denyPrivate: true).ShouldNotBeNull().ShouldContain(why);
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.1.2.3", "private (10.0.0.0/8)")]
    [InlineData("172.16.0.1", "private (172.16.0.0/12)")]
    [InlineData("172.31.255.255", "private (172.16.0.0/12)")]
    [InlineData("192.168.1.1", "private (192.168.0.0/16)")]
    [InlineData("100.64.0.1", "shared address space")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("::ffff:10.0.0.1", "carries 10.0.0.1, which is private")]
    [InlineData("::ffff:127.0.0.1", "carries 127.0.0.1, which is loopback")]
    public void Loopback_and_private_addresses_are_allowed_unless_denied(string address, string why)
    {
        AddressPolicy.Refusal(IPAddress.Parse(address), denyPrivate: false).ShouldBeNull();
        AddressPolicy.Refusal(IPAddress.Parse(address), denyPrivate: true).ShouldNotBeNull().ShouldContain(why);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed_either_way(string address)
    {
        AddressPolicy.Refusal(IPAddress.Parse(address), denyPrivate: false).ShouldBeNull();
        AddressPolicy.Refusal(IPAddress.Parse(address), denyPrivate: true).ShouldBeNull();
    }

    [Fact]
    public async Task A_name_is_refused_when_any_of_its_addresses_is_refused()
    {
        // A rebinding-style answer: one harmless address, one metadata address. Checking "the first" would let it through.
        var connector = new GuardedConnector(Resolver(("models.test", ["127.0.0.1", "169.254.169.254"])), denyPrivate: false);
        var refused = await Should.ThrowAsync<ModelSourceException>(() => connector.ConnectAsync("models.test", 80, CancellationToken.None));
        refused.Message.ShouldBe("refused to connect: 'models.test' resolves to 169.254.169.254; 169.254.169.254 is link-local (169.254.0.0/16, cloud metadata services)");
    }

    [Fact]
    public async Task Literals_are_checked_without_a_lookup_and_names_through_the_resolver()
    {
        var lookups = new List<string>();
        var connector = new GuardedConnector((host, _) =>
        {
            lookups.Add(host);
            return Task.FromResult(new[] { IPAddress.Loopback });
        }, denyPrivate: false);

        (await connector.AddressesAsync("[::1]", CancellationToken.None)).ShouldBe([IPAddress.IPv6Loopback]);
        (await connector.AddressesAsync("10.0.0.1", CancellationToken.None)).ShouldBe([IPAddress.Parse("10.0.0.1")]);
        (await connector.AddressesAsync("store.test", CancellationToken.None)).ShouldBe([IPAddress.Loopback]);
        lookups.ShouldBe(["store.test"]);
        var empty = new GuardedConnector((_, _) => Task.FromResult(Array.Empty<IPAddress>()), denyPrivate: false);
        (await Should.ThrowAsync<ModelSourceException>(() => empty.AddressesAsync("nowhere.test", CancellationToken.None)))
            .Message.ShouldBe("host 'nowhere.test' resolves to no address");
    }

    [Fact]
    public async Task The_checked_address_is_the_one_connected()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connector = new GuardedConnector(Resolver(("store.test", ["127.0.0.1"])), denyPrivate: false);

        await using var stream = await connector.ConnectAsync("store.test", port, CancellationToken.None);
        using var accepted = await listener.AcceptTcpClientAsync();
        ((IPEndPoint)accepted.Client.RemoteEndPoint!).Address.ShouldBe(IPAddress.Loopback);
    }

    [Theory]
    [InlineData("https://a.test/m", "http://b.test/m", "refused redirect from https to 'http://b.test/m' (a downgrade to http)")]
    [InlineData("http://a.test/m", "file:///etc/passwd", "refused redirect to 'file:///etc/passwd' (only http and https)")]
    [InlineData("http://a.test/m", "ftp://b.test/m", "refused redirect to 'ftp://b.test/m' (only http and https)")]
    public void Redirects_leave_http_s_only_upwards(string from, string to, string refusal)
    {
        HttpModelFetcher.NextHop(new Uri(from), new Uri(to), out var why).ShouldBeNull();
        why.ShouldBe(refusal);
    }

    [Theory]
    [InlineData("http://a.test/m", "https://b.test/n", "https://b.test/n")]
    [InlineData("https://a.test/dir/m", "other", "https://a.test/dir/other")]
    [InlineData("http://a.test/m", "http://b.test:8080/n?sig=1", "http://b.test:8080/n?sig=1")]
    public void Redirects_within_http_s_are_followed(string from, string to, string next)
    {
        var location = Uri.TryCreate(to, UriKind.Absolute, out var absolute) ? absolute : new Uri(to, UriKind.Relative);
        HttpModelFetcher.NextHop(new Uri(from), location, out var why)!.AbsoluteUri.ShouldBe(next);
        why.ShouldBeNull();
    }

    [Theory]
    [InlineData("https://user:pa55@store.test:8443/models/m.onnx?X-Amz-Signature=abc#f", "https://store.test:8443/models/m.onnx")]
    [InlineData("s3://bucket/models/m.onnx", "s3://bucket/models/m.onnx")]
    [InlineData("/models/m.onnx", "/models/m.onnx")]
    [InlineData("models/m.onnx", "models/m.onnx")]
    public void Uris_are_shown_without_credentials_or_query(string uri, string shown) => ModelSource.Display(uri).ShouldBe(shown);

    [Fact]
    public void Fetch_options_have_defaults_read_switches_and_variables_and_name_bad_values()
    {
        var defaults = ServingOptionsReader.Read(Config(("model-name", "m"), ("model-uri", "m.onnx")), out _)!.Fetch;
        defaults.ShouldBe(new FetchOptions(Array.MaxLength, TimeSpan.FromMinutes(5), false));

        var set = ServingOptionsReader.Read(Config(("model-name", "m"), ("model-uri", "m.onnx"), ("SERVING_MAX_MODEL_BYTES", "1000"),
            ("max-model-bytes", "2000"), ("SERVING_MODEL_FETCH_TIMEOUT", "1.5m"), ("model-fetch-deny-private", "true")), out _)!.Fetch;
        set.ShouldBe(new FetchOptions(2000, TimeSpan.FromSeconds(90), true));

        ServingOptionsReader.Read(Config(("model-name", "m"), ("model-uri", "m.onnx"), ("max-model-bytes", "0"), ("model-fetch-timeout", "10"),
            ("model-fetch-deny-private", "yes")), out var errors).ShouldBeNull();
        errors.ShouldBe([
            "--max-model-bytes (SERVING_MAX_MODEL_BYTES): expected an integer from 1 to 2147483591, got '0'",
            "--model-fetch-timeout (SERVING_MODEL_FETCH_TIMEOUT): expected a duration from 1s to 6h such as 500ms, 30s, 5m or 1h, got '10'",
            "--model-fetch-deny-private (SERVING_MODEL_FETCH_DENY_PRIVATE): expected true or false, got 'yes'",
        ]);
    }

    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolver(params (string Host, string[] Addresses)[] names) =>
        (host, _) => Task.FromResult(names.Where(n => n.Host == host).SelectMany(n => n.Addresses).Select(IPAddress.Parse).ToArray());

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
