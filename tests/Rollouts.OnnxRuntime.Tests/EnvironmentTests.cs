using Rollouts.OnnxRuntime.Native;
using Rollouts.Testing;

namespace Rollouts.OnnxRuntime.Tests;

public sealed class EnvironmentTests
{
    [Fact]
    public void Reports_the_version_of_the_loaded_library()
    {
        TestRuntime.Environment.RuntimeVersion.ShouldBe("1.23.2");
        TestRuntime.Environment.LibraryPath.ShouldBe(RepositoryPaths.OnnxRuntimeLibrary);
    }

    [Fact]
    public void Requests_api_version_5_the_lowest_that_holds_every_slot_used()
    {
        OrtEnvironment.RequestedApiVersion.ShouldBe(5u);
        var highestSlot = typeof(OrtApiSlot).GetFields().Max(f => (int)f.GetValue(null)!);
        highestSlot.ShouldBe(OrtApiSlot.AddSessionConfigEntry);

        // Version 5 ends at slot 149 (SetGlobalSpinControl) and version 4 at 126: slot 130 needs version 5.
        highestSlot.ShouldBeInRange(127, 149);
    }

    [Fact]
    public unsafe void Status_slots_round_trip_code_and_message()
    {
        // CreateStatus (0) → GetErrorCode (1) / GetErrorMessage (2) → ReleaseStatus (93), via the same path every call uses.
        var api = TestRuntime.Environment.Api;
        var message = "made-up failure: ünïcode ✓\0"u8;
        foreach (var code in new[] { OrtErrorCode.Fail, OrtErrorCode.InvalidGraph, OrtErrorCode.NotFound })
        {
            nint status;
            fixed (byte* m = message)
            {
                status = api.CreateStatus((int)code, m);
            }

            status.ShouldNotBe(0);
            var exception = Should.Throw<OrtException>(() => api.Check(status));
            exception.Code.ShouldBe(code);
            exception.Message.ShouldBe("made-up failure: ünïcode ✓");
        }

        api.Check(0); // a null status is success
    }

    [Fact]
    public void Missing_library_path_fails_with_a_message_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-dir-{Guid.NewGuid():N}", "libonnxruntime.so.1");
        var exception = Should.Throw<OrtLibraryException>(() => OrtEnvironment.Load(path));
        exception.Message.ShouldContain(path);
        exception.Message.ShouldContain("not found");
    }

    [Fact]
    public void A_file_that_is_not_a_library_fails_with_the_loader_message()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-a-library-{Guid.NewGuid():N}.so");
        File.WriteAllText(path, "this is not an ELF file");
        try
        {
            var exception = Should.Throw<OrtLibraryException>(() => OrtEnvironment.Load(path));
            exception.Message.ShouldContain(path);
            exception.Message.ShouldContain("could not be loaded");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_library_that_is_not_onnx_runtime_fails_naming_the_missing_export()
    {
        var libm = new[] { "/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/lib64/libm.so.6" }
            .First(File.Exists);
        var exception = Should.Throw<OrtLibraryException>(() => OrtEnvironment.Load(libm));
        exception.Message.ShouldContain("OrtGetApiBase");
        exception.Message.ShouldContain(libm);
    }

    [Fact]
    public void An_api_version_the_library_lacks_fails_naming_both_versions()
    {
        var exception = Should.Throw<OrtLibraryException>(
            () => OrtEnvironment.LoadWithApiVersion(RepositoryPaths.OnnxRuntimeLibrary, 9999));
        exception.Message.ShouldContain("ONNX Runtime 1.23.2");
        exception.Message.ShouldContain("version 9999");
        exception.Message.ShouldContain("GetApi returned null");
    }

    [Fact]
    public void Sessions_keep_working_after_their_environment_is_disposed()
    {
        var environment = OrtEnvironment.Load(RepositoryPaths.OnnxRuntimeLibrary);
        using var session = InferenceSession.Load(environment, TestModels.AddFloats(), new SessionConfig(IntraOpThreads: 1));
        environment.Dispose();

        var result = session.Run([Tensor.Create("a", [1, 3], [1f, 2f, 3f]), Tensor.Create("b", [1, 3], [10f, 20f, 30f])]);

        result[0].Data.ShouldBe(new[] { 11f, 22f, 33f });
        Should.Throw<ObjectDisposedException>(() => InferenceSession.Load(environment, TestModels.AddFloats()));
    }

    [Fact]
    public void Disposing_the_shared_environment_does_nothing()
    {
        if (Environment.GetEnvironmentVariable("ORT_LIBRARY_PATH") is null && !File.Exists(OrtLibrary.CachedPath))
        {
            return; // Shared searches the default locations; covered wherever the project's script has run.
        }

        OrtEnvironment.Shared.Dispose();
        using var session = InferenceSession.Load(OrtEnvironment.Shared, TestModels.AddFloats());
        session.Inputs.Count.ShouldBe(2);
        OrtEnvironment.Shared.ShouldBeSameAs(OrtEnvironment.Shared);
    }
}
