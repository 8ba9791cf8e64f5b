using System.CommandLine;

namespace Harness.Cli.Training;

/// <summary>
/// Names the option behind a configuration field in a validator's message, so that a user who typed an option sees
/// which one to fix: "learning_rate: 0 must be > 0" becomes "learning_rate (--lr): 0 must be > 0".
/// </summary>
internal static class FieldOptions
{
    /// <summary><paramref name="message"/> ("FIELD: ...") with the option of FIELD among <paramref name="options"/>, when one sets it.</summary>
    public static string Named(string message, IReadOnlyList<Option> options)
    {
        int colon = message.IndexOf(':');
        if (colon <= 0) return message;
        var field = message[..colon];
        return OptionOf(field, options) is { } option ? $"{field} ({option}){message[colon..]}" : message;
    }

    /// <summary>
    /// The option that sets a field (a validator's path: learning_rate, hidden[1], early_stopping.patience,
    /// augmentation.shift, dataset.train_limit, dataset.seed), found among the options by name: the field's last
    /// part in kebab case, with aug- for augmentation and data- first for the dataset (whose name is --dataset and
    /// path --data-dir); else its first part (layers).
    /// </summary>
    public static string? OptionOf(string field, IReadOnlyList<Option> options)
    {
        var parts = field.Split('.').Select(p => p.Split('[')[0].Replace('_', '-')).ToArray();
        var candidates = new List<string>();
        if (parts.Length > 1 && parts[0] == "augmentation") candidates.Add("--aug-" + parts[^1]);
        if (parts.Length > 1 && parts[0] == "dataset")
            candidates.AddRange(["--data-" + parts[^1], parts[^1] switch { "name" => "--dataset", "path" => "--data-dir", _ => "" }]);
        candidates.Add("--" + parts[^1]);
        if (parts[0] is not ("augmentation" or "dataset")) candidates.Add("--" + parts[0]);
        return candidates.Select(c => options.FirstOrDefault(o => o.Name == c || o.Aliases.Contains(c))).OfType<Option>().FirstOrDefault()?.Name;
    }
}
