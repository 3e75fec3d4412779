namespace Rollouts.OnnxRuntime.Tests;

public sealed class DisposeTests
{
    [Fact]
    public void Run_after_dispose_throws_object_disposed_and_dispose_is_idempotent()
    {
        var session = TestRuntime.Load(TestModels.AddFloats());
        session.Dispose();
        session.Dispose();

        Should.Throw<ObjectDisposedException>(() => session.Run(
            [Tensor.Create("a", [1, 3], new[] { 1f, 2f, 3f }), Tensor.Create("b", [1, 3], new[] { 1f, 2f, 3f })]));
        session.Inputs.Count.ShouldBe(2); // metadata stays readable
    }

    [Fact]
    public async Task Disposing_during_runs_lets_them_finish_or_fail_cleanly()
    {
        var session = TestRuntime.Load(TestModels.Classifier());
        var input = Tensor.Create("input", [64, 4], Enumerable.Range(0, 256).Select(i => i / 40f).ToArray());
        var completed = 0;
        var started = new CountdownEvent(4);
        var unexpected = new List<Exception>();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            started.Signal();
            try
            {
                while (true)
                {
                    session.Run([input]).Count.ShouldBe(2);
                    Interlocked.Increment(ref completed);
                }
            }
            catch (ObjectDisposedException)
            {
                // expected once the session is disposed
            }
            catch (Exception e)
            {
                lock (unexpected)
                {
                    unexpected.Add(e);
                }
            }
        })).ToArray();

        started.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref completed) < 20 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        session.Dispose();
        (await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(t => t.IsCompletedSuccessfully)).ShouldBeTrue();
        unexpected.ShouldBeEmpty();
        completed.ShouldBeGreaterThanOrEqualTo(20);
    }

    [Fact]
    public void Many_sessions_can_be_created_and_released()
    {
        var model = TestModels.Classifier();
        for (var i = 0; i < 50; i++)
        {
            using var session = TestRuntime.Load(model);
            session.Run([Tensor.Create("input", [1, 4], new[] { 1f, 2f, 3f, 4f })]).Count.ShouldBe(2);
        }
    }
}
