using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Tests;

/// <summary>
/// The command line is checked against every reader's keys before it is bound: an unknown, short, stray, valueless or
/// conflicting flag is an error naming it, and the real process exits 2 with the usage.
/// </summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Every_readers_keys_and_the_host_keys_are_known_and_nothing_else()
    {
        CommandLine.KnownKeys.ShouldBe([
            .. ServingOptionsReader.Keys, .. FetchOptionsReader.Keys, .. GrpcOptions.Keys, .. LimitsOptionsReader.Keys,
            .. SecurityOptionsReader.Keys, .. CacheOptions.Keys, .. SeriesIdentity.Keys, .. DrainOptions.Keys, .. ShadowOptions.Keys, .. CommandLine.HostKeys,
        ]);
        CommandLine.KnownKeys.ShouldBeUnique();
    }

    [Fact]
    public void Both_value_forms_and_a_repeated_identical_value_are_accepted()
    {
        CommandLine.Problems(["--model-name", "iris", "--model-uri=/m.onnx", "--MAX-BATCH-SIZE", "8", "--model-name", "iris", "--urls", "http://127.0.0.1:0"])
            .ShouldBeEmpty();
    }

    [Theory]
    [InlineData(new[] { "--model-name", "iris", "--max-batch", "8" }, "unknown flag '--max-batch'")]
    [InlineData(new[] { "--model-nam=iris" }, "unknown flag '--model-nam'")]
    [InlineData(new[] { "-m", "iris" }, "unknown flag '-m': flags are long")]
    [InlineData(new[] { "model.onnx" }, "unexpected argument 'model.onnx'")]
    [InlineData(new[] { "model-name=iris" }, "unexpected argument 'model-name=iris'")]
    [InlineData(new[] { "--model-uri" }, "--model-uri needs a value")]
    [InlineData(new[] { "--model-name", "a", "--model-name=b" }, "--model-name is given twice with different values ('a' and 'b')")]
    [InlineData(new[] { "--Logging:LogLevel:Default", "Debug" }, "unknown flag '--Logging:LogLevel:Default'")]
    public void Each_bad_command_line_is_named(string[] args, string expected) =>
        CommandLine.Problems(args).ShouldHaveSingleItem().ShouldStartWith(expected);

    [Fact]
    public void The_usage_lists_every_flag_with_its_variable()
    {
        var usage = CommandLine.Usage();
        foreach (var key in ServingOptionsReader.Keys.Concat(FetchOptionsReader.Keys))
        {
            usage.ShouldContain($"--{key}");
            usage.ShouldContain(ServingOptionsReader.EnvironmentVariableFor(key));
        }
    }

    [Fact]
    public async Task The_real_process_exits_2_naming_an_unknown_flag_and_prints_the_usage()
    {
        var (code, output) = await ServerCommand.RunAsync("--model-name", "iris", "--model-uri", TestModels.Sample("iris-v1"), "--max-bach-size", "8");
        code.ShouldBe(2, output);
        output.ShouldContain("invalid command line: unknown flag '--max-bach-size'");
        output.ShouldContain("usage: Rollouts.Serving");
        output.ShouldContain("--max-batch-size");
    }

    [Fact]
    public async Task The_real_process_exits_2_on_a_flag_given_twice_with_different_values()
    {
        var (code, output) = await ServerCommand.RunAsync("--model-name", "iris", "--model-uri", "a.onnx", "--model-uri=b.onnx");
        code.ShouldBe(2, output);
        output.ShouldContain("--model-uri is given twice with different values ('a.onnx' and 'b.onnx')");
    }

    [Fact]
    public async Task The_real_process_accepts_every_form_and_gets_as_far_as_the_model()
    {
        // Good flags in both forms pass the check; the missing model then fails the load (exit 1), not the command line.
        var (code, output) = await ServerCommand.RunAsync("--model-name=iris", "--model-uri", "/nonexistent/model.onnx", "--max-model-bytes", "1000",
            "--model-fetch-timeout=5s", "--model-fetch-deny-private", "false", "--urls", "http://127.0.0.1:0");
        code.ShouldBe(1, output);
        output.ShouldContain("file not found: '/nonexistent/model.onnx'");
    }
}
