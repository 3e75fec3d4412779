namespace Rollouts.OnnxRuntime.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Concurrent_runs_on_one_session_agree_with_serial_runs()
    {
        using var session = TestRuntime.Load(TestModels.Classifier(seed: 11));
        var random = new Random(3);
        var batches = Enumerable.Range(0, 64)
            .Select(i =>
            {
                var rows = 1 + (i % 7);
                return Tensor.Create("input", [rows, 4], Enumerable.Range(0, rows * 4).Select(_ => (float)(random.NextDouble() * 8)).ToArray());
            })
            .ToArray();
        var serial = batches.Select(b => session.Run([b])).ToArray();

        const int Workers = 8;
        const int Rounds = 20;
        var mismatches = 0;
        var tasks = Enumerable.Range(0, Workers).Select(w => Task.Run(() =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = 0; i < batches.Length; i++)
                {
                    var index = (i + (w * 7) + round) % batches.Length;
                    var outputs = session.Run([batches[index]], round % 2 == 0 ? null : ["label", "probabilities"]);
                    if (!((long[])outputs[0].Data).AsSpan().SequenceEqual((long[])serial[index][0].Data)
                        || !((float[])outputs[1].Data).AsSpan().SequenceEqual((float[])serial[index][1].Data))
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        mismatches.ShouldBe(0);
    }

    [Fact]
    public async Task Concurrent_string_runs_return_their_own_strings()
    {
        using var session = TestRuntime.Load(TestModels.Identity(Rollouts.ModelBuilder.Onnx.OnnxDataType.String, "x", "y", -1));
        var mismatches = 0;
        var tasks = Enumerable.Range(0, 6).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                string[] data = [$"worker {w}", $"iteration {i}", new string((char)('a' + w), i % 50)];
                var output = session.Run([Tensor.FromStrings("x", [3], data)]).Single();
                if (!((string[])output.Data).SequenceEqual(data))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        mismatches.ShouldBe(0);
    }
}
