using Microsoft.Extensions.Configuration;
using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Tests;

/// <summary>Options are bound from switches or SERVING_* variables and validated with clear messages.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void Switches_are_bound_with_defaults()
    {
        var options = Read(("model-name", "iris"), ("model-uri", "m.onnx"))!;
        options.ModelName.ShouldBe("iris");
        options.ModelVersion.ShouldBe("1");
        options.MaxBatchSize.ShouldBe(ServingOptionsReader.DefaultMaxBatchSize);
        options.MaxBatchDelayMicroseconds.ShouldBe(ServingOptionsReader.DefaultMaxBatchDelayMicroseconds);
        options.MaxRequestBytes.ShouldBe(ServingOptionsReader.DefaultMaxRequestBytes);
        options.DriftWindow.ShouldBe(1000);
        options.IntraOpThreads.ShouldBe(0);
        options.AllowSpinning.ShouldBeFalse();
        options.BatchingEnabled.ShouldBeTrue();
    }

    [Fact]
    public void Environment_variables_back_every_switch_and_switches_win()
    {
        var options = Read(
            ("SERVING_MODEL_NAME", "env-name"), ("model-name", "switch-name"), ("SERVING_MODEL_URI", "env.onnx"),
            ("SERVING_MODEL_VERSION", "2.0.0"), ("SERVING_MODEL_SHA256", new string('A', 64)), ("SERVING_BASELINE_URI", "b.json"),
            ("SERVING_MAX_BATCH_SIZE", "1"), ("SERVING_MAX_BATCH_DELAY_US", "250"), ("SERVING_INTRA_OP_THREADS", "3"),
            ("SERVING_MAX_REQUEST_BYTES", "1000"), ("SERVING_DRIFT_WINDOW", "50"))!;
        options.ModelName.ShouldBe("switch-name");
        options.ModelUri.ShouldBe("env.onnx");
        options.ModelVersion.ShouldBe("2.0.0");
        options.ModelSha256.ShouldBe(new string('a', 64));
        options.BaselineUri.ShouldBe("b.json");
        options.MaxBatchSize.ShouldBe(1);
        options.BatchingEnabled.ShouldBeFalse();
        options.MaxBatchDelayMicroseconds.ShouldBe(250);
        options.IntraOpThreads.ShouldBe(3);
        options.MaxRequestBytes.ShouldBe(1000);
        options.DriftWindow.ShouldBe(50);
    }

    [Fact]
    public void Bad_values_are_each_named()
    {
        var config = Config(("model-uri", "m.onnx"), ("max-batch-size", "0"), ("max-batch-delay-us", "soon"), ("model-sha256", "abc"), ("allow-spinning", "maybe"));
        ServingOptionsReader.Read(config, out var errors).ShouldBeNull();
        errors.ShouldContain("--model-name (SERVING_MODEL_NAME) is required");
        errors.ShouldContain("--max-batch-size (SERVING_MAX_BATCH_SIZE): expected an integer from 1 to 1000000, got '0'");
        errors.ShouldContain("--max-batch-delay-us (SERVING_MAX_BATCH_DELAY_US): expected an integer from 0 to 10000000, got 'soon'");
        errors.ShouldContain("--model-sha256 (SERVING_MODEL_SHA256): expected 64 hexadecimal characters, got 'abc'");
        errors.ShouldContain("--allow-spinning (SERVING_ALLOW_SPINNING): expected true or false, got 'maybe'");
    }

    [Fact]
    public void Delay_zero_turns_batching_off() =>
        Read(("model-name", "m"), ("model-uri", "m.onnx"), ("max-batch-delay-us", "0"))!.BatchingEnabled.ShouldBeFalse();

    private static ServingOptions? Read(params (string Key, string Value)[] values) => ServingOptionsReader.Read(Config(values), out _);

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
