using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Sweeps;

/// <summary>
/// Trains cohorts on an engine: the dataset is loaded and handed to the engine once, on first use (a resumed
/// sweep with nothing left to run never reads it), and shared by every cohort; each cohort runs under
/// <see cref="CohortTrainer"/>; each member, as it ends, is evaluated on the test split and exported as a model
/// file. Safe for cohorts on several threads at once (<c>--parallel</c>). Over a <see cref="RoutingEngine"/>
/// (<c>--engine auto</c> with a GPU), each cohort trains on, and is stored with, the engine the router sends it to.
/// </summary>
public sealed class EngineCohortExecutor : ICohortExecutor, IDisposable
{
    private readonly IEngine _engine;
    private readonly Lazy<IEngineData> _data;

    public EngineCohortExecutor(IEngine engine, Func<DataSplits> loadData)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(loadData);
        _engine = engine;
        _data = new(() => engine.Load(loadData()), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>An executor over data already in memory.</summary>
    public EngineCohortExecutor(IEngine engine, DataSplits data) : this(engine, () => data) { }

    public string Engine => _engine.Name;
    public string Device => _engine.Device;
    public int PreferredCohortSize => _engine.PreferredCohortSize;
    public int PreferredParallel => _engine.PreferredParallel;

    /// <summary>A sticky CUDA error anywhere in <paramref name="error"/> (<see cref="Harness.Cuda.CudaException.ContextLost"/>).</summary>
    public bool Lost(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is Harness.Cuda.CudaException { ContextLost: true }) return true;
            if (e is AggregateException all && all.InnerExceptions.Any(Lost)) return true;
        }
        return false;
    }

    public CohortEngine EngineFor(IReadOnlyList<TrainConfig> members)
    {
        if (_engine is not RoutingEngine router) return new(Engine, Device, PreferredCohortSize) { Resumes = _engine.Resumes };
        var (engine, why) = router.Route(members);
        return new(engine.Name, engine.Device, engine.PreferredCohortSize, why) { Resumes = engine.Resumes };
    }

    public void Execute(CohortRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var data = _data.Value;
        using var cohort = _engine.CreateCohort(data, request.Members);
        CohortTrainer.Train(cohort, request.Members, new CohortHooks
        {
            OnEpoch = request.OnEpoch,
            OnFinished = (m, r) => request.OnFinished(m, Execution(r, data.Splits.Test)),
            OnCheckpoint = request.OnCheckpoint,
            CheckpointEvery = request.CheckpointEvery,
        }, request.CancellationToken, request.Resume);
    }

    private static TrialExecution Execution(TrainResult result, Dataset test)
    {
        double? testAccuracy = null, testLoss = null;
        byte[]? model = null;
        if (result.StopReason is not StopReason.Cancelled and not StopReason.Diverged)
        {
            if (test.Count > 0)
            {
                var evaluation = Evaluator.Evaluate(result.Model, test);
                testAccuracy = double.IsFinite(evaluation.Accuracy) ? evaluation.Accuracy : null;
                testLoss = double.IsFinite(evaluation.Loss) ? evaluation.Loss : null;
            }
            model = result.Model.ToBytes();
        }
        return new TrialExecution(result.History, result.BestEpoch, result.StopReason, result.Seconds, testAccuracy, testLoss, model, result.Divergence);
    }

    public void Dispose()
    {
        if (_data.IsValueCreated) _data.Value.Dispose();
    }
}
