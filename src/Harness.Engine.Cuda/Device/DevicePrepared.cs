using Harness.Data;

namespace Harness.Engine.Cuda;

/// <summary>Splits on the device with the standardization that produced them (null: raw).</summary>
internal sealed record DevicePrepared(DeviceSplit Train, DeviceSplit Validation, Standardization? Standardization) : IDisposable
{
    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
    }
}
