using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Rollouts.Serving.Onnx;

/// <summary>
/// How <see cref="OnnxSession.Load"/> configures ONNX Runtime's <see cref="SessionOptions"/>: intra-op threads as given,
/// one inter-op thread, sequential execution, every graph optimisation (<c>ORT_ENABLE_ALL</c>), and spinning of idle
/// pool threads on or off (session config entries <c>session.intra_op.allow_spinning</c> and
/// <c>session.inter_op.allow_spinning</c>, "1"/"0").
/// </summary>
/// <param name="IntraOpThreads">Threads used inside one operator; 0 lets ONNX Runtime choose (one per physical core),
/// 1 runs on the calling thread only. Must be ≥ 0.</param>
/// <param name="AllowSpinning">Whether idle pool threads spin before sleeping: lower latency, but CPU burned while
/// waiting; off suits a shared machine.</param>
/// <param name="ExternalDataFolder">The folder external data files are read from (session config entry
/// <c>session.model_external_initializers_file_folder_path</c>, which ONNX Runtime also confines them to); null for a
/// model without a folder (downloaded), which then may use none (see <see cref="Model.ExternalDataCheck"/>).</param>
public sealed record SessionSettings(int IntraOpThreads, bool AllowSpinning = false, string? ExternalDataFolder = null)
{
    private const string IntraOpSpinningKey = "session.intra_op.allow_spinning";
    private const string InterOpSpinningKey = "session.inter_op.allow_spinning";
    private const string ExternalDataFolderKey = "session.model_external_initializers_file_folder_path";

    /// <summary>New session options with these settings; the caller disposes them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative thread count.</exception>
    internal SessionOptions CreateOptions()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads);
        var options = new SessionOptions();
        try
        {
            options.IntraOpNumThreads = IntraOpThreads;
            options.InterOpNumThreads = 1;
            options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
            options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
            var spinning = AllowSpinning ? "1" : "0";
            options.AddSessionConfigEntry(IntraOpSpinningKey, spinning);
            options.AddSessionConfigEntry(InterOpSpinningKey, spinning);
            if (ExternalDataFolder is not null)
            {
                options.AddSessionConfigEntry(ExternalDataFolderKey, ExternalDataFolder);
            }

            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }
}
