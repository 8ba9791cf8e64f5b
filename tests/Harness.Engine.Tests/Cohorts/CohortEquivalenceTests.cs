using Harness.Data;

namespace Harness.Engine.Tests.Cohorts;

/// <summary>Members of a larger cohort get exactly the result each gets alone.</summary>
public sealed class CohortEquivalenceTests
{
    private static readonly TrainConfig Base = new()
    {
        Hidden = [24, 12],
        Activation = Activation.Tanh,
        BatchSize = 16,
        Epochs = 6,
        Seed = 21,
        Standardize = true,
        EarlyStopping = new EarlyStopping { Patience = 2, RestoreBest = true },
    };

    /// <summary>Eight members differing in learning rate, optimizer, dropout, L2, seeds and epochs.</summary>
    private static TrainConfig[] Members() =>
    [
        Base with { LearningRate = 0.1 },
        Base with { LearningRate = 0.03, Optimizer = Optimizer.Momentum },
        Base with { LearningRate = 0.01, Optimizer = Optimizer.Adam, Dropout = 0.3 },
        Base with { LearningRate = 0.005, Optimizer = Optimizer.AdamW, L2 = 1e-2 },
        Base with { LearningRate = 0.05, Optimizer = Optimizer.Nesterov, L2 = 1e-3, InputDropout = 0.1 },
        Base with { LearningRate = 0.01, Optimizer = Optimizer.RmsProp, Seed = 5, ShuffleSeed = 21, Epochs = 3 },
        Base with { LearningRate = 0.1, Optimizer = Optimizer.Adagrad, L1 = 1e-4, Schedule = Schedule.Cosine, EarlyStopping = null },
        Base with { LearningRate = 50, Init = Init.StandardNormal, Activation = Activation.Tanh }, // diverges or thrashes alone too
    ];

    [Fact]
    public void Each_of_eight_members_gets_exactly_its_solo_result()
    {
        var data = CohortData.Spirals();
        var members = Members();
        using var engine = new CpuEngine();
        using var held = engine.Load(data);
        var finishedOrder = new List<int>();
        IReadOnlyList<TrainResult> together;
        using (var cohort = engine.CreateCohort(held, members))
            together = CohortTrainer.Train(cohort, members, new CohortHooks { OnFinished = (m, _) => finishedOrder.Add(m) }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(8, finishedOrder.Distinct().Count());
        for (int m = 0; m < members.Length; m++)
        {
            var alone = Trainer.Train(members[m], data);
            Assert.Equal(alone.StopReason, together[m].StopReason);
            Assert.Equal(alone.BestEpoch, together[m].BestEpoch);
            Assert.Equal(alone.History.Select(h => h with { Seconds = 0 }), together[m].History.Select(h => h with { Seconds = 0 }));
            Assert.Equal(alone.Model.Parameters, together[m].Model.Parameters);
        }
        Assert.Contains(together, r => r.StopReason == StopReason.EarlyStopped);
        Assert.Contains(together, r => r.History.Count == 3 && r.StopReason == StopReason.MaxEpochs);
    }

    [Fact]
    public void A_pruned_member_stops_while_the_others_go_on()
    {
        var data = CohortData.Spirals();
        TrainConfig[] members = [Base with { EarlyStopping = null, LearningRate = 0.1 }, Base with { EarlyStopping = null, LearningRate = 0.05 }];
        using var engine = new CpuEngine();
        using var held = engine.Load(data);
        using var cohort = engine.CreateCohort(held, members);
        var results = CohortTrainer.Train(cohort, members, new CohortHooks { OnEpoch = (m, row) => !(m == 0 && row.Epoch == 2) }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(StopReason.Pruned, results[0].StopReason);
        Assert.Equal(2, results[0].History.Count);
        Assert.Equal(StopReason.MaxEpochs, results[1].StopReason);
        Assert.Equal(6, results[1].History.Count);
        Assert.False(cohort.IsActive(0));
        Assert.Equal(Trainer.Train(members[1], data).Model.Parameters, results[1].Model.Parameters);
    }

    [Fact]
    public void Members_with_another_architecture_or_batch_size_are_refused_naming_the_member()
    {
        using var engine = new CpuEngine();
        using var held = engine.Load(CohortData.Spirals());
        var wider = Assert.Throws<ArgumentException>(() => engine.CreateCohort(held, [Base, Base with { Hidden = [24, 13] }]));
        Assert.Contains("member 1", wider.Message);
        Assert.Contains("[1,24,13,1]", wider.Message);
        Assert.Throws<ArgumentException>(() => engine.CreateCohort(held, [Base, Base with { BatchSize = 8 }]));
        Assert.Throws<ArgumentException>(() => engine.CreateCohort(held, [Base, Base with { Standardize = false }]));
        using var ok = engine.CreateCohort(held, [Base, Base with { LearningRate = 1, Optimizer = Optimizer.Adam, Dropout = 0.5, Seed = 3 }]);
        Assert.Equal(2, ok.Count);
    }

    [Fact]
    public void Cancellation_ends_every_active_member_as_cancelled_with_its_history()
    {
        using var cts = new CancellationTokenSource();
        TrainConfig[] members = [Base with { EarlyStopping = null }, Base with { EarlyStopping = null, Seed = 2 }];
        using var engine = new CpuEngine();
        using var held = engine.Load(CohortData.Spirals());
        using var cohort = engine.CreateCohort(held, members);
        var results = CohortTrainer.Train(cohort, members, new CohortHooks
        {
            OnEpoch = (m, row) => { if (m == 1 && row.Epoch == 2) cts.Cancel(); return true; },
        }, cts.Token);
        Assert.All(results, r => Assert.Equal(StopReason.Cancelled, r.StopReason));
        Assert.All(results, r => Assert.Equal(2, r.History.Count));
    }
}
