using Harness.Data.Idx;

namespace Harness.Data;

/// <summary>Turns a <see cref="DatasetSpec"/> into train / validation / test splits.</summary>
public static class DatasetCatalog
{
    /// <summary>
    /// Loads and splits the data the spec names, then applies the limits (first N of each split). Throws
    /// <see cref="ArgumentException"/> listing every <see cref="DatasetSpec.Validate"/> error for an invalid spec.
    /// <paramref name="dataDir"/> is the MNIST folder (see <see cref="RepoPaths.MnistDir"/>); name "idx" reads the
    /// folder in <see cref="DatasetSpec.Path"/> instead (<see cref="IdxFolder"/>).
    /// </summary>
    public static DataSplits Load(DatasetSpec spec, string? dataDir = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = spec.Validate();
        if (errors.Count > 0)
            throw new ArgumentException("invalid dataset spec:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));

        if (spec.Name is "mnist" or "idx")
        {
            var (train, test) = spec.Name == "mnist" ? Mnist.LoadFiles(dataDir, log) : IdxFolder.LoadFiles(spec.Path!);
            if (spec.Split == "standard")
                return Splits.Standard(train, test, StandardValidationCount(train, spec), spec.TrainLimit, spec.ValidationLimit, spec.TestLimit);
            return Limit(Splits.Stratified(train.Then(test, spec.Name).All(), spec.TrainFraction ?? DatasetSpec.DefaultTrainFraction,
                spec.ValidationFraction ?? DatasetSpec.DefaultValidationFraction, spec.SplitSeed), spec);
        }

        if (spec is { Name: "xor", Samples: null })
        {
            var table = Synthetic.Xor();
            return new DataSplits(table, table, table);
        }

        Dataset all = spec.Name switch
        {
            "xor" => Synthetic.Xor(spec.Samples ?? DatasetSpec.DefaultSamples, spec.Noise ?? 0.1, spec.Seed),
            "spirals" => Synthetic.TwoSpirals(spec.Samples ?? DatasetSpec.DefaultSamples, spec.Noise ?? 0.1, spec.Seed),
            "moons" => Synthetic.TwoMoons(spec.Samples ?? DatasetSpec.DefaultSamples, spec.Noise ?? 0.1, spec.Seed),
            "function" => Synthetic.Function(spec.Function ?? "sin", spec.Samples ?? DatasetSpec.DefaultSamples, spec.Noise ?? 0, spec.Seed),
            "csv" => CsvDataset.Load(spec.Path!, spec.LabelColumn!),
            _ => throw new ArgumentException($"dataset.name: '{spec.Name}' is not a known dataset"),
        };
        var splits = spec.Split == "standard"
            ? Splits.Stratified(all, DatasetSpec.StandardTrainFraction, DatasetSpec.StandardValidationFraction, spec.SplitSeed)
            : Splits.Stratified(all, spec.TrainFraction ?? DatasetSpec.DefaultTrainFraction,
                spec.ValidationFraction ?? DatasetSpec.DefaultValidationFraction, spec.SplitSeed);
        return Limit(splits, spec);
    }

    /// <summary>MNIST: 10,000. An IDX folder: the last sixth of its training file (10,000 of 60,000), at least one.</summary>
    private static int StandardValidationCount(IRows train, DatasetSpec spec)
    {
        if (spec.Name == "mnist") return 10000;
        if (train.Count < 2)
            throw new InvalidDataException(
                $"IDX folder '{spec.Path}': {train.Count} training image(s); split 'standard' needs at least 2 (some to train, some to validate)");
        return Math.Max(1, train.Count / 6);
    }

    private static DataSplits Limit(DataSplits s, DatasetSpec spec) => Splits.Limit(s, spec.TrainLimit, spec.ValidationLimit, spec.TestLimit);
}
