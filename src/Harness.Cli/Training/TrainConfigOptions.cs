using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Data;
using Harness.Engine;
using Harness.Sweeps;
using Monitor = Harness.Engine.Monitor;

namespace Harness.Cli.Training;

/// <summary>
/// One command-line option per <see cref="TrainConfig"/> knob (and the dataset), applied over a base configuration:
/// the defaults, or a JSON file given with --config. Only options the user actually typed override the base.
/// </summary>
internal sealed class TrainConfigOptions
{
    public readonly Option<FileInfo?> Config = new("--config") { Description = "JSON training configuration (TrainConfig fields in snake_case, optional \"dataset\" object); options given here override it" };
    public readonly Option<string[]> Hidden = new("--hidden") { Description = "Hidden layer widths, e.g. 30 or 100,50 ('none' for no hidden layer)", AllowMultipleArgumentsPerToken = true };
    public readonly Option<string> Activation = new("--activation")
    {
        Description = $"Hidden activation: {string.Join(", ", ConfigFileCheck.MlpActivations)} (step and sign are not differentiable: `harness perceptron` trains with them)",
    };
    public readonly Option<string> OutputActivation = new("--output-activation") { Description = "Output activation for quadratic, absolute and hinge losses" };
    public readonly Option<double> LeakySlope = new("--leaky-slope") { Description = "Slope of leaky_relu for x < 0" };
    public readonly Option<string> Loss = new("--loss") { Description = $"Loss: {EnumNames<Loss>.Allowed}" };
    public readonly Option<string> Init = new("--init") { Description = $"Weight initialisation: {EnumNames<Init>.Allowed}" };
    public readonly Option<double> InitSigma = new("--init-sigma") { Description = "Standard deviation for --init normal" };
    public readonly Option<string> Optimizer = new("--optimizer") { Description = $"Optimizer: {EnumNames<Optimizer>.Allowed}" };
    public readonly Option<double> LearningRate = new("--lr", "--learning-rate") { Description = "Learning rate (> 0)" };
    public readonly Option<double> Momentum = new("--momentum") { Description = "Momentum for momentum and nesterov" };
    public readonly Option<double> Beta1 = new("--beta1") { Description = "Adam/AdamW first-moment decay" };
    public readonly Option<double> Beta2 = new("--beta2") { Description = "Adam/AdamW second-moment decay" };
    public readonly Option<double> Rho = new("--rho") { Description = "RMSProp decay" };
    public readonly Option<double> Epsilon = new("--epsilon") { Description = "Adagrad/RMSProp/Adam epsilon" };
    public readonly Option<int> BatchSize = new("--batch-size") { Description = "Examples per step: 1 = pure SGD, 0 = full batch" };
    public readonly Option<int> Epochs = new("--epochs") { Description = "Maximum number of epochs" };
    public readonly Option<string> Schedule = new("--schedule") { Description = $"Learning-rate schedule: {EnumNames<Schedule>.Allowed}" };
    public readonly Option<double> DecayRate = new("--decay-rate") { Description = "Factor for step and exponential schedules" };
    public readonly Option<int> StepEpochs = new("--step-epochs") { Description = "Epochs between steps of the step schedule" };
    public readonly Option<double> FinalFactor = new("--final-factor") { Description = "Learning-rate factor reached at the last epoch (cosine, linear)" };
    public readonly Option<double> L2 = new("--l2") { Description = "L2 weight decay lambda" };
    public readonly Option<double> L1 = new("--l1") { Description = "L1 lambda" };
    public readonly Option<bool> DecayBiases = new("--decay-biases") { Description = "Apply L2/L1 to biases too" };
    public readonly Option<string> Layers = new("--layers") { Description = "A CNN's layer list instead of --hidden, as a label: c6k5same-p2-c16k5-p2-d120 (cFkK conv, sS stride, same padding; pS max pool; aS average pool; f flatten; dN dense)" };
    public readonly Option<double> AugShift = new("--aug-shift") { Description = "Augmentation: random shift of training images up to ± N pixels" };
    public readonly Option<double> AugRotation = new("--aug-rotation") { Description = "Augmentation: random rotation up to ± N degrees" };
    public readonly Option<double> AugScale = new("--aug-scale") { Description = "Augmentation: random scale factor in [1 - s, 1 + s]" };
    public readonly Option<double> AugElasticAlpha = new("--aug-elastic-alpha") { Description = "Augmentation: elastic distortion strength (Simard 2003: 34; 0 = off)" };
    public readonly Option<double> AugElasticSigma = new("--aug-elastic-sigma") { Description = "Augmentation: elastic field smoothing in pixels (default 4)" };
    public readonly Option<double> AugNoise = new("--aug-noise") { Description = "Augmentation: Gaussian noise standard deviation added to training inputs" };
    public readonly Option<double> Dropout = new("--dropout") { Description = "Dropout rate on hidden layers, in [0, 1)" };
    public readonly Option<double> InputDropout = new("--input-dropout") { Description = "Dropout rate on the input, in [0, 1)" };
    public readonly Option<bool> Standardize = new("--standardize") { Description = "Standardize features with training-split mean/std" };
    public readonly Option<bool> EarlyStop = new("--early-stop") { Description = "Early stopping on the validation split (on by default; --early-stop false to turn off)" };
    public readonly Option<int> Patience = new("--patience") { Description = "Early stopping: epochs without improvement" };
    public readonly Option<double> MinDelta = new("--min-delta") { Description = "Early stopping: smallest change that counts as improvement" };
    public readonly Option<string> Monitor = new("--monitor") { Description = $"Early stopping metric: {EnumNames<Monitor>.Allowed}" };
    public readonly Option<bool> RestoreBest = new("--restore-best") { Description = "Early stopping: keep the best epoch's weights" };
    public readonly Option<int> Seed = new("--seed") { Description = "Random seed (init, dropout; shuffling too unless --shuffle-seed)" };
    public readonly Option<int> ShuffleSeed = new("--shuffle-seed") { Description = "Seed of the training data order (default: --seed)" };
    public readonly Option<int> Threads = new("--threads") { Description = "CPU threads (0 = all cores); results do not depend on it" };

    public readonly Option<string> Dataset = new("--dataset") { Description = "Dataset: mnist, idx (a folder of IDX files given by --data-dir), xor, spirals, moons, function, csv" };
    public readonly Option<int> TrainLimit = new("--train-limit") { Description = "Use only the first N training examples" };
    public readonly Option<int> ValidationLimit = new("--validation-limit") { Description = "Use only the first N validation examples" };
    public readonly Option<int> TestLimit = new("--test-limit") { Description = "Use only the first N test examples" };
    public readonly Option<int> Samples = new("--samples") { Description = "Synthetic sets: number of points (xor without it is the 4-point truth table)" };
    public readonly Option<double> Noise = new("--noise") { Description = "Synthetic sets: Gaussian noise standard deviation" };
    public readonly Option<int> DataSeed = new("--data-seed") { Description = "Synthetic sets: generator seed" };
    public readonly Option<DirectoryInfo?> DataDir = Commands.CommonOptions.DataDir();

    /// <summary>Defaults of `train` without --config: a good MNIST MLP ([784,100,10] ReLU, softmax CE, SGD 0.1, batch 64).</summary>
    public static readonly TrainConfig Defaults = new()
    {
        Hidden = [100],
        Activation = Engine.Activation.Relu,
        Loss = Engine.Loss.SoftmaxCrossEntropy,
        Init = Engine.Init.He,
        Optimizer = Engine.Optimizer.Sgd,
        LearningRate = 0.1,
        BatchSize = 64,
        Epochs = 10,
        EarlyStopping = new EarlyStopping { Monitor = Engine.Monitor.ValAccuracy, Patience = 3, RestoreBest = true },
    };

    public void AddTo(Command command)
    {
        foreach (var o in All()) command.Options.Add(o);
    }

    private IReadOnlyList<Option> All() =>
    [
        Config, Hidden, Activation, OutputActivation, LeakySlope, Loss, Init, InitSigma, Optimizer, LearningRate, Momentum,
        Beta1, Beta2, Rho, Epsilon, BatchSize, Epochs, Schedule, DecayRate, StepEpochs, FinalFactor, L2, L1, DecayBiases,
        Layers, AugShift, AugRotation, AugScale, AugElasticAlpha, AugElasticSigma, AugNoise,
        Dropout, InputDropout, Standardize, EarlyStop, Patience, MinDelta, Monitor, RestoreBest, Seed, ShuffleSeed, Threads,
        Dataset, TrainLimit, ValidationLimit, TestLimit, Samples, Noise, DataSeed, DataDir,
    ];

    /// <summary>The resolved configuration and dataset: file (or defaults), then the options typed.</summary>
    public (TrainConfig Config, DatasetSpec Dataset) Resolve(ParseResult p)
    {
        var file = p.GetValue(Config);
        var (config, dataset) = file is not null ? ReadFile(file) : (Defaults, new DatasetSpec());
        var (fromFile, fromFileDataset) = (config, dataset);

        var problems = new List<string>();
        bool Given(Option o) => p.GetResult(o) is { Implicit: false };
        TEnum Parse<TEnum>(string option, Option<string> o, TEnum fallback, IReadOnlyCollection<TEnum>? allowed = null) where TEnum : struct, Enum
        {
            try { return EnumNames<TEnum>.Parse(option, p.GetValue(o)!, allowed); }
            catch (UserInputException ex) { problems.Add(ex.Message); return fallback; }
        }
        T Get<T>(Option<T> o) => p.GetValue(o)!;

        if (Given(Hidden)) config = config with { Hidden = ParseHidden(Get(Hidden), problems) };
        if (Given(Activation) && PerceptronOnly(Get(Activation)) is { } only) problems.Add(only);
        else if (Given(Activation)) config = config with { Activation = Parse("--activation", Activation, config.Activation, MlpActivations) };
        if (Given(OutputActivation)) config = config with { OutputActivation = Parse("--output-activation", OutputActivation, config.OutputActivation, MlpActivations) };
        if (Given(LeakySlope)) config = config with { LeakySlope = Get(LeakySlope) };
        if (Given(Loss)) config = config with { Loss = Parse("--loss", Loss, config.Loss) };
        if (Given(Init)) config = config with { Init = Parse("--init", Init, config.Init) };
        if (Given(InitSigma)) config = config with { InitSigma = Get(InitSigma) };
        if (Given(Optimizer)) config = config with { Optimizer = Parse("--optimizer", Optimizer, config.Optimizer) };
        if (Given(LearningRate)) config = config with { LearningRate = Get(LearningRate) };
        if (Given(Momentum)) config = config with { Momentum = Get(Momentum) };
        if (Given(Beta1)) config = config with { Beta1 = Get(Beta1) };
        if (Given(Beta2)) config = config with { Beta2 = Get(Beta2) };
        if (Given(Rho)) config = config with { Rho = Get(Rho) };
        if (Given(Epsilon)) config = config with { Epsilon = Get(Epsilon) };
        if (Given(BatchSize)) config = config with { BatchSize = Get(BatchSize) };
        if (Given(Epochs)) config = config with { Epochs = Get(Epochs) };
        if (Given(Schedule)) config = config with { Schedule = Parse("--schedule", Schedule, config.Schedule) };
        if (Given(DecayRate)) config = config with { DecayRate = Get(DecayRate) };
        if (Given(StepEpochs)) config = config with { StepEpochs = Get(StepEpochs) };
        if (Given(FinalFactor)) config = config with { FinalFactor = Get(FinalFactor) };
        if (Given(L2)) config = config with { L2 = Get(L2) };
        if (Given(L1)) config = config with { L1 = Get(L1) };
        if (Given(DecayBiases)) config = config with { DecayBiases = Get(DecayBiases) };
        if (Given(Layers))
        {
            try { config = config with { Layers = LayerLabels.Parse(Get(Layers)) }; }
            catch (FormatException ex) { problems.Add("--layers: " + ex.Message); }
        }
        if (Given(AugShift) || Given(AugRotation) || Given(AugScale) || Given(AugElasticAlpha) || Given(AugElasticSigma) || Given(AugNoise))
        {
            var aug = config.Augmentation ?? new Augmentation();
            if (Given(AugShift)) aug = aug with { Shift = Get(AugShift) };
            if (Given(AugRotation)) aug = aug with { Rotation = Get(AugRotation) };
            if (Given(AugScale)) aug = aug with { Scale = Get(AugScale) };
            if (Given(AugElasticAlpha)) aug = aug with { ElasticAlpha = Get(AugElasticAlpha) };
            if (Given(AugElasticSigma)) aug = aug with { ElasticSigma = Get(AugElasticSigma) };
            if (Given(AugNoise)) aug = aug with { Noise = Get(AugNoise) };
            config = config with { Augmentation = aug };
        }
        if (Given(Dropout)) config = config with { Dropout = Get(Dropout) };
        if (Given(InputDropout)) config = config with { InputDropout = Get(InputDropout) };
        if (Given(Standardize)) config = config with { Standardize = Get(Standardize) };
        if (Given(Seed)) config = config with { Seed = Get(Seed) };
        if (Given(ShuffleSeed)) config = config with { ShuffleSeed = Get(ShuffleSeed) };
        if (Given(Threads)) config = config with { Threads = Get(Threads) };

        if (Given(EarlyStop) && !Get(EarlyStop)) config = config with { EarlyStopping = null };
        else if (Given(EarlyStop) || Given(Patience) || Given(MinDelta) || Given(Monitor) || Given(RestoreBest))
        {
            var es = config.EarlyStopping ?? new EarlyStopping();
            if (Given(Patience)) es = es with { Patience = Get(Patience) };
            if (Given(MinDelta)) es = es with { MinDelta = Get(MinDelta) };
            if (Given(Monitor)) es = es with { Monitor = Parse("--monitor", Monitor, es.Monitor) };
            if (Given(RestoreBest)) es = es with { RestoreBest = Get(RestoreBest) };
            config = config with { EarlyStopping = es };
        }

        if (Given(Dataset)) dataset = dataset with { Name = Get(Dataset).Trim().ToLowerInvariant() };
        if (Given(TrainLimit)) dataset = dataset with { TrainLimit = Get(TrainLimit) };
        if (Given(ValidationLimit)) dataset = dataset with { ValidationLimit = Get(ValidationLimit) };
        if (Given(TestLimit)) dataset = dataset with { TestLimit = Get(TestLimit) };
        if (Given(Samples)) dataset = dataset with { Samples = Get(Samples) };
        if (Given(Noise)) dataset = dataset with { Noise = Get(Noise) };
        if (Given(DataSeed)) dataset = dataset with { Seed = Get(DataSeed) };
        if (Given(DataDir)) dataset = dataset.WithIdxFolder(Get(DataDir)!.FullName);

        // Unparsable options left valid placeholders in the config, so the validator reports only the other problems. A
        // problem the file's configuration has as it is, unchanged by an option, names the file; any other names its option.
        var inFile = file is null ? [] : ConfigValidator.Validate(fromFile).Concat(fromFileDataset.Validate()).ToHashSet(StringComparer.Ordinal);
        var errors = problems
            .Concat(ConfigValidator.Validate(config).Concat(dataset.Validate()).Select(m => inFile.Contains(m) ? $"{file!.Name}: {m}" : FieldOptions.Named(m, All())))
            .ToList();
        if (errors.Count > 0)
            throw new UserInputException("invalid configuration:\n  " + string.Join("\n  ", errors));
        return (config, dataset);
    }

    /// <summary>Why step and sign are refused by train, and where they belong; null for any other value.</summary>
    internal static string? PerceptronOnly(string activation) => activation.Trim().ToLowerInvariant() is "step" or "sign"
        ? $"--activation: '{activation}' has no useful gradient (its derivative is zero almost everywhere), so backpropagation cannot " +
          $"train an MLP with it; `harness perceptron{(activation.Trim().ToLowerInvariant() == "sign" ? " --sign" : "")}` trains a perceptron of {activation.Trim().ToLowerInvariant()} units with Rosenblatt's rule. " +
          $"For train, allowed: {string.Join(", ", ConfigFileCheck.MlpActivations)}"
        : null;

    /// <summary>Hidden activations the MLP trainer accepts (step and sign belong to the perceptron command).</summary>
    public static readonly Activation[] MlpActivations =
        [Engine.Activation.Sigmoid, Engine.Activation.Tanh, Engine.Activation.Relu, Engine.Activation.LeakyRelu, Engine.Activation.Identity];

    private static int[] ParseHidden(string[] tokens, List<string> problems)
    {
        var parts = tokens.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (parts.Count == 1 && parts[0].Equals("none", StringComparison.OrdinalIgnoreCase)) return [];
        var widths = new int[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1)
            {
                problems.Add($"--hidden: '{parts[i]}' is not allowed; give layer widths >= 1 like 30 or 100,50 (or --hidden 100 --hidden 50), or 'none'");
                return [];
            }
        }
        return widths;
    }

    /// <summary>
    /// Reads a TrainConfig JSON file whose optional "dataset" member is a DatasetSpec. Every field problem (unknown
    /// name with the nearest one, wrong type, value outside an enum) is reported at once with its JSON path.
    /// </summary>
    public static (TrainConfig Config, DatasetSpec Dataset) ReadFile(FileInfo file)
    {
        if (Directory.Exists(file.FullName)) throw new UserInputException($"--config: '{file.FullName}' is a folder; give a JSON file of training configuration fields");
        if (!file.Exists) throw new UserInputException($"--config: file '{file.FullName}' not found");
        var text = File.ReadAllText(file.FullName);
        if (string.IsNullOrWhiteSpace(text))
            throw new UserInputException($"{file.Name}: the file is empty; give a JSON object of training configuration fields, e.g. {{\"hidden\": [100], \"learning_rate\": 0.1}}");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"{file.Name}: invalid JSON at line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}: {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new UserInputException($"{file.Name}: expected a JSON object with training configuration fields");
            var problems = new List<string>();
            var hasDataset = root.TryGetProperty("dataset", out var datasetEl);
            if (hasDataset) problems.AddRange(ConfigFileCheck.Dataset(datasetEl, "dataset"));
            problems.AddRange(ConfigFileCheck.TrainConfig(root, "", extraFields: ["dataset"]));
            if (problems.Count > 0)
                throw new UserInputException($"{file.Name}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:\n  " + string.Join("\n  ", problems));
            var config = Read<TrainConfig>(file, () => JsonSerializer.Deserialize<TrainConfig>(Without(root, "dataset"), EngineJson.Options));
            var dataset = hasDataset ? Read(file, () => DatasetSpec.FromJson(datasetEl.GetRawText())) : new DatasetSpec();
            return (config, dataset);
        }
    }

    /// <summary>The object's JSON without one member.</summary>
    private static string Without(JsonElement obj, string member)
    {
        var node = JsonNode.Parse(obj.GetRawText())!.AsObject();
        node.Remove(member);
        return node.ToJsonString();
    }

    /// <summary>Deserialization after the field check: what the check does not cover still fails with the file named.</summary>
    private static T Read<T>(FileInfo file, Func<T?> read)
    {
        try
        {
            return read() ?? throw new UserInputException($"{file.Name}: null is not a training configuration");
        }
        catch (JsonException ex)
        {
            var message = ex.Message.IndexOf(" Path:", StringComparison.Ordinal) is > 0 and var cut ? ex.Message[..cut] : ex.Message;
            throw new UserInputException($"{file.Name}: {message}");
        }
    }
}
