using Harness.Cuda.Tests.Support;
using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Device;

/// <summary>
/// Cohorts trained at once, as `sweep --parallel` trains them: each on a thread of its own, set up, trained and freed
/// while the others train (stream-ordered buffers, the engine's pooled cuBLAS handles), and a cohort set up on one
/// thread and trained on another, train as they do alone. Skips where there is no GPU.
/// </summary>
public sealed class ConcurrentCohortTests
{
    private static readonly TrainConfig[] Fused =
    [
        ParityConfigs.Mlp,
        ParityConfigs.Mlp with { Optimizer = Optimizer.Adam, LearningRate = 0.003, Seed = 4, Epochs = 6,
            EarlyStopping = new EarlyStopping { Patience = 2, Monitor = Harness.Engine.Monitor.ValLoss } }, // best weights: allocated mid-training
    ];

    private static readonly TrainConfig[] Wide = [ParityConfigs.Mlp with { Hidden = [300], BatchSize = 32, Seed = 7 }];

    [Fact]
    public void Cohorts_set_up_trained_and_freed_beside_others_train_as_they_do_alone()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(150, 7, 211, 37, 31);
        using var held = engine.Load(data);
        var jobs = new[] { (Configs: Fused, Path: CudaEngine.FusedPath), (Configs: Wide, Path: CudaEngine.WideCohortPath) };
        var alone = jobs.Select(j => Train(engine, held, j.Configs, j.Path)).ToArray();

        // Three rounds of each kind on two threads at once: every round sets a cohort up and frees it while the other
        // thread's cohort trains.
        var rounds = jobs.Select(j => OnThread(() => Enumerable.Range(0, 3).Select(_ => Train(engine, held, j.Configs, j.Path)).ToList())).ToArray();
        for (int j = 0; j < jobs.Length; j++)
            for (int r = 0; r < 3; r++)
                for (int m = 0; m < jobs[j].Configs.Length; m++)
                    Parity.AssertMatch(rounds[j]()[r][m], alone[j][m], $"{jobs[j].Path} round {r + 1} member {m}", 1e-6, 1e-5, 0.03);

        // Set up on this thread, trained on another, whose stream is not the one the buffers were filled on.
        for (int j = 0; j < jobs.Length; j++)
        {
            var (configs, path) = jobs[j];
            using var cohort = engine.CreateCohort(held, configs, path, BlasMathMode.Default);
            var elsewhere = OnThread(() => CohortTrainer.Train(cohort, configs, cancellationToken: TestContext.Current.CancellationToken))();
            for (int m = 0; m < configs.Length; m++)
                Parity.AssertMatch(elsewhere[m], alone[j][m], $"{path} trained on another thread, member {m}", 1e-6, 1e-5, 0.03);
        }
    }

    /// <summary>Starts <paramref name="work"/> on a new thread; the function returned waits for it and gives its result (or rethrows).</summary>
    private static Func<T> OnThread<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception ex) { failure = ex; }
        });
        thread.Start();
        return () =>
        {
            thread.Join();
            if (failure is not null) throw new AggregateException(failure);
            return result;
        };
    }

    private static IReadOnlyList<TrainResult> Train(CudaEngine engine, IEngineData held, TrainConfig[] configs, string path)
    {
        using var cohort = engine.CreateCohort(held, configs, path, BlasMathMode.Default);
        Assert.Equal(path == CudaEngine.WideCohortPath, cohort is WideCohort);
        return CohortTrainer.Train(cohort, configs, cancellationToken: TestContext.Current.CancellationToken);
    }
}
