namespace Harness.Engine.Cuda;

/// <summary>What one stage of cohort_epoch computes (STAGE_ values in cohort.cu, in this order).</summary>
public enum StageKind
{
    /// <summary>A dense layer: W (out, in), b (out).</summary>
    Dense,
    /// <summary>A 2-D convolution, channels-last: W (filters, size·size·channels), b (filters).</summary>
    Conv,
    /// <summary>Max pooling over whole windows, per channel.</summary>
    MaxPool,
    /// <summary>Average pooling over whole windows, per channel.</summary>
    AvgPool,
}
