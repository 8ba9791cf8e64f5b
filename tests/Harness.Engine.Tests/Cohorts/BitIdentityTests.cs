using System.Security.Cryptography;
using Harness.Data;

namespace Harness.Engine.Tests.Cohorts;

/// <summary>
/// A cohort of one reproduces, bit for bit, what the engine trained before the cohort seam existed: the final
/// training loss (as its IEEE bits) and a SHA-256 of the final weights were taken from main at 4a6e51c
/// (2026-12-01, Trainer.Train on these configs and datasets) and are pinned here.
/// </summary>
public sealed class BitIdentityTests
{
    public static TheoryData<string> Names => ["sgd-tanh", "adam-dropout", "nielsen-momentum", "teacher-nesterov"];

    internal static (TrainConfig Config, Func<DataSplits> Data, int Epochs, int Best, StopReason Stop, long LossBits, string Sha) Pinned(string name) => name switch
    {
        "sgd-tanh" => (new TrainConfig { Hidden = [16, 16], Activation = Activation.Tanh, Optimizer = Optimizer.Sgd, LearningRate = 0.1, BatchSize = 16, Epochs = 5, Seed = 7 },
            CohortData.Spirals, 5, 1, StopReason.MaxEpochs, 0x3FE41BC2B77C4431, "66e40677237e02dc60efee83a350966e1e5b749905729f106bd03cc055f5b97d"),
        "adam-dropout" => (new TrainConfig
        {
            Hidden = [32],
            Activation = Activation.Relu,
            Optimizer = Optimizer.Adam,
            LearningRate = 0.01,
            Dropout = 0.2,
            InputDropout = 0.1,
            L2 = 1e-3,
            BatchSize = 32,
            Standardize = true,
            Epochs = 8,
            Seed = 3,
            EarlyStopping = new EarlyStopping { Patience = 2 },
        }, CohortData.Spirals, 5, 3, StopReason.EarlyStopped, 0x3FE56FDE961FFCF4, "10aeed312cfd9343ae87ed23f4d1d8c1af3b4ef26e11f75dd420563ce3d58420"),
        "nielsen-momentum" => (new TrainConfig
        {
            Hidden = [20],
            Activation = Activation.Sigmoid,
            OutputActivation = Activation.Sigmoid,
            Loss = Loss.Quadratic,
            Init = Init.StandardNormal,
            Optimizer = Optimizer.Momentum,
            LearningRate = 0.5,
            L1 = 1e-4,
            Schedule = Schedule.Step,
            StepEpochs = 2,
            BatchSize = 10,
            Epochs = 6,
            Seed = 11,
        }, CohortData.Spirals, 6, 4, StopReason.MaxEpochs, 0x3FCD499E13B5ED31, "eaca96c7887e891821c96e21d2c817d5d2e960ec027df9443da429bd83af9ca5"),
        "teacher-nesterov" => (new TrainConfig
        {
            Hidden = [40, 24],
            Activation = Activation.Relu,
            Optimizer = Optimizer.Nesterov,
            LearningRate = 0.05,
            BatchSize = 8,
            Epochs = 3,
            Seed = 5,
            Threads = 2,
            Schedule = Schedule.Cosine,
        }, CohortData.Teacher, 3, 3, StopReason.MaxEpochs, 0x3FEA27BEF5CAA474, "e7c7f896260f33982e77a22222ee62a5f204d534662a9545275fba203982357d"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    internal static string Sha(float[] weights)
    {
        var bytes = new byte[weights.Length * sizeof(float)];
        Buffer.BlockCopy(weights, 0, bytes, 0, bytes.Length);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_cohort_of_one_reproduces_the_pinned_pre_cohort_result(string name)
    {
        var p = Pinned(name);
        using var engine = new CpuEngine();
        using var data = engine.Load(p.Data());
        using var cohort = engine.CreateCohort(data, [p.Config]);
        var r = CohortTrainer.Train(cohort, [p.Config], cancellationToken: TestContext.Current.CancellationToken)[0];
        Assert.Equal(p.Epochs, r.History.Count);
        Assert.Equal(p.Best, r.BestEpoch);
        Assert.Equal(p.Stop, r.StopReason);
        Assert.Equal(p.LossBits, BitConverter.DoubleToInt64Bits(r.History[^1].TrainLoss));
        Assert.Equal(p.Sha, Sha(r.Model.Parameters));
    }
}
