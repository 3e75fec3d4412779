namespace Rollouts.OnnxRuntime.Tests;

/// <summary>
/// Evidence that the session-option slots reach the functions they are named after: ONNX Runtime's own error messages
/// name the parameter each function validates (a wrong index would call some other function and answer differently).
/// </summary>
public sealed unsafe class ApiSlotTests
{
    [Fact]
    public void SetSessionExecutionMode_and_SetSessionGraphOptimizationLevel_validate_their_own_parameters()
    {
        var api = TestRuntime.Environment.Api;
        var options = CreateOptions(api);
        try
        {
            var mode = Should.Throw<OrtException>(() => api.Check(api.SetSessionExecutionMode(options, 7)));
            mode.Code.ShouldBe(OrtErrorCode.InvalidArgument);
            mode.Message.ShouldContain("execution_mode");

            var level = Should.Throw<OrtException>(() => api.Check(api.SetSessionGraphOptimizationLevel(options, 42)));
            level.Code.ShouldBe(OrtErrorCode.InvalidArgument);
            level.Message.ShouldContain("graph_optimization_level");

            api.Check(api.SetSessionExecutionMode(options, 0));
            api.Check(api.SetSessionGraphOptimizationLevel(options, 99));
        }
        finally
        {
            api.ReleaseSessionOptions(options);
        }
    }

    [Fact]
    public void AddSessionConfigEntry_stores_entries_the_session_then_obeys()
    {
        // "session.load_model_format" = "ORT" makes ONNX Runtime read the bytes as its own ORT format, so ONNX bytes fail.
        var api = TestRuntime.Environment.Api;
        var environment = TestRuntime.Environment;
        var options = CreateOptions(api);
        try
        {
            fixed (byte* key = "session.load_model_format\0"u8)
            fixed (byte* value = "ORT\0"u8)
            {
                api.Check(api.AddSessionConfigEntry(options, key, value));
            }

            var model = TestModels.AddFloats();
            nint session = 0;
            var exception = Should.Throw<OrtException>(() =>
            {
                fixed (byte* bytes = model)
                {
                    nint s;
                    api.Check(api.CreateSessionFromArray(environment.Handle.DangerousGetHandle(), bytes, (nuint)model.Length, options, &s));
                    session = s;
                }
            });
            exception.Message.ShouldContain("LoadOrtModel"); // the ORT-format loader ran, not the ONNX one
            session.ShouldBe(0);
        }
        finally
        {
            api.ReleaseSessionOptions(options);
        }
    }

    private static nint CreateOptions(Native.OrtApi api)
    {
        nint options;
        api.Check(api.CreateSessionOptions(&options));
        return options;
    }
}
