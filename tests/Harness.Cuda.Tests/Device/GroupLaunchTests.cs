using Harness.Cuda.Tests.Support;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Device;

/// <summary>
/// A member large enough to be split over a group of blocks (cooperative launch, the global-memory group barrier)
/// trains as its CPU solo run does, and as the same member in one block does. Skips where there is no GPU.
/// </summary>
public sealed class GroupLaunchTests
{
    private static readonly TrainConfig Large = new()
    {
        Hidden = [600, 300],
        Activation = Activation.Relu,
        Loss = Loss.SoftmaxCrossEntropy,
        Init = Init.He,
        Optimizer = Optimizer.Sgd, // Adam would turn summation-order noise in near-zero gradients into whole learning-rate steps
        LearningRate = 0.05,
        BatchSize = 64,
        Epochs = 2,
        Seed = 3,
    };

    [Fact]
    public void A_member_split_over_a_group_of_blocks_matches_the_CPU_and_one_block()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(400, 10, 257, 50, 10);
        using var held = engine.Load(data);
        // [600, 300] at batch 64 would take the wide path: this test is about the fused kernel's groups
        using var cohort = (CudaCohort)engine.CreateCohort(held, [Large], CudaEngine.FusedPath, BlasMathMode.Default);
        var grouped = CohortTrainer.Train(cohort, [Large], cancellationToken: TestContext.Current.CancellationToken)[0];
        Assert.True(cohort.Group > 1, $"the plan gave {cohort.Group} block(s) per member; this test needs a group");
        Parity.AssertMatch(grouped, Parity.Cpu(data, [Large])[0], $"group of {cohort.Group} blocks", 2e-4, 2e-3, 0.03);

        Environment.SetEnvironmentVariable(GroupPlan.CapVariable, "1");
        try
        {
            using var single = (CudaCohort)engine.CreateCohort(held, [Large], CudaEngine.FusedPath, BlasMathMode.Default);
            var one = CohortTrainer.Train(single, [Large], cancellationToken: TestContext.Current.CancellationToken)[0];
            Assert.Equal(1, single.Group);
            Assert.Equal(one.Model.Parameters, grouped.Model.Parameters); // every element is one thread's sum either way
        }
        finally
        {
            Environment.SetEnvironmentVariable(GroupPlan.CapVariable, null);
        }
    }
}
