using Rollouts.Demo;

namespace Rollouts.E2E.Tests;

public sealed class DemoOptionsTests
{
    [Fact]
    public void Rate_and_petal_offset_are_read_from_the_command_line()
    {
        var (options, error) = DemoOptions.Parse(["--repo", RepositoryRoot(), "--rate", "30", "--petal-offset", "2.5"]);

        error.ShouldBeNull();
        options!.RequestsPerSecond.ShouldBe(30);
        options.PetalOffset.ShouldBe(2.5f);
    }

    [Fact]
    public void Feedback_share_and_delay_are_read_and_reach_the_traffic_generator()
    {
        var (options, error) = DemoOptions.Parse(["--repo", RepositoryRoot(), "--feedback-share", "0.25", "--feedback-delay", "5"]);

        error.ShouldBeNull();
        var traffic = options!.Traffic("iris");
        (traffic.ModelName, traffic.FeedbackShare, traffic.FeedbackDelay).ShouldBe(("iris", 0.25, TimeSpan.FromSeconds(5)));
        DemoOptions.Parse(["--repo", RepositoryRoot()]).Options!.FeedbackShare.ShouldBe(0.5);
        DemoOptions.Parse(["--repo", RepositoryRoot(), "--feedback-share", "1.5"]).Error.ShouldNotBeNull();
    }

    [Fact]
    public void The_real_distribution_is_the_default()
    {
        var (options, _) = DemoOptions.Parse(["--repo", RepositoryRoot()]);

        options!.PetalOffset.ShouldBe(0f);
    }

    [Theory]
    [InlineData("--petal-offset", "11")]
    [InlineData("--petal-offset", "a lot")]
    [InlineData("--rate", "0")]
    [InlineData("--colour", "blue")]
    public void A_bad_argument_is_named_in_the_error(string flag, string value)
    {
        var (options, error) = DemoOptions.Parse(["--repo", RepositoryRoot(), flag, value]);

        options.ShouldBeNull();
        error.ShouldNotBeNull();
        error.ShouldContain($"'{flag}'");
    }

    [Fact]
    public void Up_mode_keeps_its_own_state_and_addresses_and_passes_operator_arguments_in_order()
    {
        var (options, error) = DemoOptions.Parse(["--repo", RepositoryRoot(), "--up", "--operator-arg", "--leader-elect", "--operator-arg", "--namespace=a"]);

        error.ShouldBeNull();
        options!.Up.ShouldBeTrue();
        options.OperatorArguments.ShouldBe(["--leader-elect", "--namespace=a"]);
        options.StateDirectory.ShouldBe(Path.Combine(RepositoryRoot(), ".local", "up"));
        options.AddressPrefix.ShouldNotBe(DemoOptions.Parse(["--repo", RepositoryRoot()]).Options!.AddressPrefix);
    }

    [Fact]
    public void The_configuration_is_debug_or_release_and_help_lists_each_flag_with_its_default()
    {
        DemoOptions.Parse(["--repo", RepositoryRoot(), "-c", "Release"]).Options!.Configuration.ShouldBe("Release");
        DemoOptions.Parse(["--repo", RepositoryRoot(), "--configuration", "Prod"]).Error!.ShouldContain("'Prod' not recognized");

        var output = new StringWriter();
        DemoOptions.Command.Parse(["--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = output }).ShouldBe(0);
        foreach (var option in DemoOptions.Command.Options)
        {
            output.ToString().ShouldContain(option.Name);
        }

        output.ToString().ShouldContain("[default: 50]"); // --rate
    }

    private static string RepositoryRoot() => Rollouts.Testing.RepositoryPaths.Root;
}
