namespace Harness.Sweeps.Tests;

/// <summary>Small experiment files for tests.</summary>
internal static class Specs
{
    /// <summary>An experiment on the 4-point XOR table with the given search block.</summary>
    public static string Xor(string search, string name = "t", int repeats = 1, string extraBase = "") => $$"""
        {
          "name": "{{name}}",
          "dataset": { "name": "xor" },
          "base": { "hidden": [4], "epochs": 3, "learning_rate": 0.5{{extraBase}} },
          "repeats": {{repeats}},
          "search": {{search}}
        }
        """;

    public static ExperimentSpec Parse(string json) => ExperimentFile.Parse(json, "test.json");

    /// <summary>The validation errors of <paramref name="json"/> (fails the test when it is valid).</summary>
    public static IReadOnlyList<string> Errors(string json) =>
        Assert.Throws<ExperimentValidationException>(() => ExperimentFile.Parse(json, "test.json")).Errors;
}
