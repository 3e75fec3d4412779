namespace Rollouts.BenchOperator.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Parses_every_option()
    {
        var (o, error) = BenchOptions.Parse(["--n", "250", "--namespaces", "2", "--rest-seconds", "60", "--poll-seconds", "0.5",
            "--label", "after", "--no-doc", "--no-mass-edit", "--no-mass-rollout", "--operator-arg", "--qps", "--operator-arg", "50", "--etcd-quota-bytes", "1024"]);

        error.ShouldBeNull();
        o.ShouldNotBeNull();
        (o.Count, o.Namespaces, o.RestSeconds, o.Label, o.Doc, o.MassEdit, o.MassRollout).ShouldBe((250, 2, 60, "after", (string?)null, false, false));
        o.PollInterval.ShouldBe(TimeSpan.FromSeconds(0.5));
        o.OperatorArgs.ShouldBe(["--qps", "50"]);
        o.EffectiveEtcdQuota.ShouldBe(1024);
    }

    [Fact]
    public void Defaults_scale_the_poll_and_the_etcd_quota_with_n()
    {
        BenchOptions.Parse([]).Options!.PollInterval.ShouldBe(TimeSpan.FromSeconds(2));
        BenchOptions.Parse(["--n", "1000"]).Options!.EffectiveEtcdQuota.ShouldBeNull();
        var big = BenchOptions.Parse(["--n", "10000"]).Options!;
        big.PollInterval.ShouldBe(TimeSpan.FromSeconds(10));
        big.EffectiveEtcdQuota.ShouldBe(8L << 30);
    }

    [Theory]
    [InlineData("--n", "0")]
    [InlineData("--n", "many")]
    [InlineData("--rest-seconds", "-1")]
    [InlineData("--poll-seconds", "0")]
    [InlineData("--label", "a b")]
    [InlineData("--etcd-quota-bytes", "lots")]
    [InlineData("--frobnicate", "1")]
    public void Refuses_bad_values_naming_the_argument(string arg, string value)
    {
        var (o, error) = BenchOptions.Parse([arg, value]);
        o.ShouldBeNull();
        error.ShouldNotBeNull();
        error.ShouldContain(arg);
    }

    [Fact]
    public void Every_error_is_reported_at_once_and_help_lists_each_flag_with_its_default()
    {
        var (_, error) = BenchOptions.Parse(["--n", "0", "--label", "a b", "--n", "5"]);
        error!.ShouldContain("--label: must be");
        error!.ShouldContain("Option '--n' expects a single argument but 2 were provided");

        var output = new StringWriter();
        BenchOptions.Command.Parse(["--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = output }).ShouldBe(0);
        foreach (var option in BenchOptions.Command.Options)
        {
            output.ToString().ShouldContain(option.Name);
        }

        output.ToString().ShouldContain("[default: docs/benchmarks/operator.md]");
    }
}
