namespace Harness.Reports.Tables;

/// <summary>Accuracies published for experiments that reproduce a paper or book, keyed by full layer sizes.</summary>
public static class PublishedResults
{
    /// <summary>
    /// Nielsen, "Neural Networks and Deep Learning" (2015), chapter 5: test accuracy (%) of sigmoid networks
    /// trained with SGD, by architecture.
    /// </summary>
    private static readonly Dictionary<string, double> Nielsen2015 = new()
    {
        ["[784,30,10]"] = 94.84,
        ["[784,30,30,10]"] = 95.81,
        ["[784,30,30,30,10]"] = 95.07,
    };

    /// <summary>The published test accuracy (%) for an architecture in an experiment, or null.</summary>
    public static double? Lookup(string experiment, string architecture) =>
        experiment == "nielsen-2015" && Nielsen2015.TryGetValue(architecture, out var v) ? v : null;
}
