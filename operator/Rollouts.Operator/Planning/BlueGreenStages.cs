namespace Rollouts.Operator.Planning;

/// <summary>Blue-green stages, stored in <c>status.currentStepIndex</c> so a restart resumes where it stopped.</summary>
public static class BlueGreenStages
{
    /// <summary>The preview revision runs with previewReplicas and must become available.</summary>
    public const int Preview = 0;
    /// <summary>Pre-promotion analysis against the preview (skipped unless enabled).</summary>
    public const int PrePromotionAnalysis = 1;
    /// <summary>Waiting for promote, or for autoPromotionSeconds.</summary>
    public const int AwaitingPromotion = 2;
    /// <summary>The preview scales to full size; when available, the active Service switches.</summary>
    public const int Switch = 3;
    /// <summary>Post-promotion analysis against the new active revision (skipped unless enabled); failure switches back.</summary>
    public const int PostPromotionAnalysis = 4;
    /// <summary>All stages done.</summary>
    public const int Done = 5;

    /// <summary>A name for messages.</summary>
    public static string Name(int stage) => stage switch
    {
        Preview => "preview",
        PrePromotionAnalysis => "pre-promotion analysis",
        AwaitingPromotion => "awaiting promotion",
        Switch => "switch",
        PostPromotionAnalysis => "post-promotion analysis",
        _ => "done",
    };
}
