using Harness.Data;
using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>
/// Trains on the CPU reference engine: <see cref="Trainer.Train"/>, then <see cref="Evaluator.Evaluate"/> of the
/// returned model on the test split. The data is loaded on first use (a resumed sweep with nothing left to run
/// never reads it) and shared by every trial; datasets are read-only, so parallel trials may share them.
/// </summary>
public sealed class EngineTrialExecutor(Func<DataSplits> loadData) : ITrialExecutor
{
    private readonly Lazy<DataSplits> _data = new(loadData, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>An executor over data already in memory.</summary>
    public EngineTrialExecutor(DataSplits data) : this(() => data) { }

    /// <inheritdoc />
    public TrialExecution Execute(TrialRequest request)
    {
        var data = _data.Value;
        var result = Trainer.Train(request.Config, data, new TrainOptions
        {
            OnEpoch = request.OnEpoch,
            CancellationToken = request.CancellationToken,
            Log = request.Log,
        });
        double? testAccuracy = null, testLoss = null;
        byte[]? model = null;
        if (result.StopReason is not StopReason.Cancelled and not StopReason.Diverged && data.Test.Count > 0)
        {
            var test = Evaluator.Evaluate(result.Model, data.Test);
            testAccuracy = double.IsFinite(test.Accuracy) ? test.Accuracy : null;
            testLoss = double.IsFinite(test.Loss) ? test.Loss : null;
        }
        if (result.StopReason is not StopReason.Cancelled and not StopReason.Diverged) model = result.Model.ToBytes();
        return new TrialExecution(result.History, result.BestEpoch, result.StopReason, result.Seconds, testAccuracy, testLoss, model);
    }
}
