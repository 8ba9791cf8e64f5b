namespace Harness.Reports.Trials;

/// <summary>A per-trial number the tables and figures can rank by.</summary>
public enum Metric { TestAccuracy, ValidationAccuracy, Epochs, Seconds }

/// <summary>Names, labels and direction of each <see cref="Metric"/>.</summary>
public static class Metrics
{
    /// <summary>The command-line names, in <see cref="Metric"/> order.</summary>
    public static readonly IReadOnlyList<string> Names = ["test_acc", "val_acc", "epochs", "seconds"];

    /// <summary>Parses test_acc | val_acc | epochs | seconds.</summary>
    public static Metric Parse(string name)
    {
        int i = Names.ToList().IndexOf(name.Trim().ToLowerInvariant());
        if (i < 0)
            throw new ArgumentException($"unknown metric '{name}'; allowed: {string.Join(", ", Names)}", nameof(name));
        return (Metric)i;
    }

    public static string Name(this Metric m) => Names[(int)m];

    /// <summary>Human label, with the unit the formatted values use.</summary>
    public static string Label(this Metric m) => m switch
    {
        Metric.TestAccuracy => "test accuracy (%)",
        Metric.ValidationAccuracy => "validation accuracy (%)",
        Metric.Epochs => "epochs run",
        _ => "seconds",
    };

    /// <summary>True for accuracies (bigger is better); epochs and seconds rank smallest first.</summary>
    public static bool HigherIsBetter(this Metric m) => m is Metric.TestAccuracy or Metric.ValidationAccuracy;

    /// <summary>Accuracies are stored as fractions and shown as percentages.</summary>
    public static double Scale(this Metric m) => m.HigherIsBetter() ? 100.0 : 1.0;

    /// <summary>The trial's value in display units (percent for accuracies), or null when it has none.</summary>
    public static double? Of(this Metric m, TrialRecord t) => m switch
    {
        Metric.TestAccuracy => t.TestAccuracy * 100.0,
        Metric.ValidationAccuracy => t.ValidationAccuracy * 100.0,
        Metric.Epochs => t.EpochsRun,
        _ => t.Seconds,
    };

    /// <summary>Decimal places used when formatting values of this metric.</summary>
    public static int Decimals(this Metric m) => m switch { Metric.Epochs => 1, Metric.Seconds => 1, _ => 2 };
}
