using Harness.Data;

namespace Harness.Cli.Training;

/// <summary>
/// The dataset a model was trained on, kept beside the model file as <c>MODEL.dataset.json</c> (a
/// <see cref="DatasetSpec"/>) so `evaluate` rebuilds exactly the same test split (synthetic sets depend on
/// samples, noise and seeds) without the user repeating the options.
/// </summary>
internal static class ModelDataset
{
    public static string PathFor(string modelPath) => modelPath + ".dataset.json";

    public static void Save(string modelPath, DatasetSpec spec) => AtomicFile.WriteAllText(PathFor(modelPath), spec.ToJson());

    /// <summary>The saved spec, or null when the model has no sidecar file.</summary>
    public static DatasetSpec? TryLoad(string modelPath)
    {
        var path = PathFor(modelPath);
        if (!File.Exists(path)) return null;
        try
        {
            return DatasetSpec.FromJson(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new UserInputException($"{path}: not a dataset spec: {ex.Message}");
        }
    }
}
