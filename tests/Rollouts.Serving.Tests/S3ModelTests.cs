using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Rollouts.Serving.Drift;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Model;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// s3://bucket/key models and baselines through AWSSDK.S3 against a real s3rver: both load and serve; a missing key, a
/// missing bucket, a refused access key, an object over the size limit, external data and a malformed URI each
/// fail the load with a clear message; the real process reads the standard AWS environment.
/// </summary>
public sealed class S3ModelTests(S3ModelTests.Store store) : IClassFixture<S3ModelTests.Store>
{
    private const string Row = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""";

    [Fact]
    public async Task A_model_and_its_baseline_from_s3_load_and_serve()
    {
        await using var server = await StartAsync("s3://models/iris/v1/model.onnx", store.Server.Environment(), "--baseline-uri", "s3://models/iris/v1/baseline.json");
        await server.WaitAsync(s => s.Host.Status != ModelStatus.Loading);

        server.Host.Status.ShouldBe(ModelStatus.Ready, server.Host.Failure);
        server.App.Services.GetRequiredService<DriftState>().Monitor.ShouldNotBeNull();
        var (status, body) = await server.InferJsonAsync(Row);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
    }

    [Theory]
    [InlineData("s3://models/iris/v9/model.onnx", "s3://models/iris/v9/model.onnx: no object 'iris/v9/model.onnx' in bucket 'models' (NoSuchKey)")]
    [InlineData("s3://no-such-bucket/model.onnx", "s3://no-such-bucket/model.onnx: no bucket 'no-such-bucket' (NoSuchBucket)")]
    [InlineData("s3://models", "'s3://models' is not an s3://bucket/key URI (a bucket, a slash, a key; no query)")]
    [InlineData("s3://models/", "'s3://models/' is not an s3://bucket/key URI")]
    public async Task A_missing_object_or_bucket_or_a_malformed_uri_is_a_clear_load_failure(string uri, string expected)
    {
        await using var server = await FailedAsync(uri, store.Server.Environment());
        server.Host.Failure!.ShouldStartWith(expected);
    }

    [Fact]
    public async Task Refused_credentials_are_named_with_the_variables_to_check()
    {
        // s3rver 3.7.1 rejects unknown access keys but does not verify SigV4 signatures, so a wrong secret passes there.
        await using var server = await FailedAsync("s3://models/iris/v1/model.onnx", store.Server.Environment("SOMEONE", "some-secret"));
        server.Host.Failure!.ShouldStartWith("s3://models/iris/v1/model.onnx: the store refused the credentials (InvalidAccessKeyId: ");
        server.Host.Failure!.ShouldEndWith("check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN");
        server.Host.Failure!.ShouldNotContain("some-secret");
    }

    [Fact]
    public async Task An_object_over_the_size_limit_is_refused()
    {
        var size = (await File.ReadAllBytesAsync(TestModels.Sample("iris-v1"))).Length;
        await using var server = await FailedAsync("s3://models/iris/v1/model.onnx", store.Server.Environment(), "--max-model-bytes", "400");
        server.Host.Failure.ShouldBe($"s3://models/iris/v1/model.onnx: {size} bytes, over the 400-byte limit (--max-model-bytes)");
    }

    [Fact]
    public async Task A_model_from_s3_may_not_use_external_data()
    {
        await using var server = await FailedAsync("s3://models/external/model.onnx", store.Server.Environment());
        server.Host.Failure!.ShouldContain("keeps tensor 'w' in external data file 'weights.bin'");
        server.Host.Failure!.ShouldContain("not for a download");
    }

    [Fact]
    public async Task The_real_process_reads_the_aws_environment_and_exits_1_naming_the_cause()
    {
        var (code, output) = await ServerCommand.RunAsync(store.Server.Environment("SOMEONE", "some-secret"),
            "--model-name", "iris", "--model-uri", "s3://models/iris/v1/model.onnx", "--urls", "http://127.0.0.1:0");
        code.ShouldBe(1, output);
        output.ShouldContain("cannot load model iris version 1 from s3://models/iris/v1/model.onnx: s3://models/iris/v1/model.onnx: the store refused the credentials (InvalidAccessKeyId");

        (code, output) = await ServerCommand.RunAsync(store.Server.Environment(),
            "--model-name", "iris", "--model-uri", "s3://models/iris/v1/model.onnx", "--baseline-uri", "s3://models/iris/v1/none.json", "--urls", "http://127.0.0.1:0");
        code.ShouldBe(1, output);
        output.ShouldContain("s3://models/iris/v1/none.json: no object 'iris/v1/none.json' in bucket 'models' (NoSuchKey)");
    }

    private static Task<ServingServer> StartAsync(string uri, IReadOnlyDictionary<string, string> environment, params string[] extra) =>
        ServingServer.StartUnreadyAsync(uri, services => services.AddSingleton(provider =>
            new S3ModelFetcher(provider.GetRequiredService<FetchOptions>(), name => environment.GetValueOrDefault(name))), extra);

    private static async Task<ServingServer> FailedAsync(string uri, IReadOnlyDictionary<string, string> environment, params string[] extra)
    {
        var server = await StartAsync(uri, environment, extra);
        await server.WaitAsync(s => s.Host.Status != ModelStatus.Loading);
        server.Host.Status.ShouldBe(ModelStatus.Failed);
        server.Host.ExitCode.ShouldBe(1);
        return server;
    }

    /// <summary>One s3rver for the class, with bucket "models" holding iris-v1's model and baseline and a model with external data.</summary>
    public sealed class Store : IAsyncLifetime
    {
        public S3rverServer Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await S3rverServer.StartAsync("models");
            // s3rver stores an aws-chunked body as sent, so the upload is plain (no streaming checksum).
            var config = new AmazonS3Config
            {
                ServiceURL = Server.Endpoint.ToString(),
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            };
            using var client = new AmazonS3Client(new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey), config);
            await PutAsync(client, "iris/v1/model.onnx", await File.ReadAllBytesAsync(TestModels.Sample("iris-v1")));
            await PutAsync(client, "iris/v1/baseline.json", await File.ReadAllBytesAsync(TestModels.Baseline("iris-v1")));
            await PutAsync(client, "external/model.onnx", ExternalDataTests.Model("weights.bin"));
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();

        private static async Task PutAsync(AmazonS3Client client, string key, byte[] bytes)
        {
            using var body = new MemoryStream(bytes);
            await client.PutObjectAsync(new PutObjectRequest { BucketName = "models", Key = key, InputStream = body, UseChunkEncoding = false });
        }
    }
}
