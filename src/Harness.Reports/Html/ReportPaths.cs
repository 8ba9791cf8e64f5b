namespace Harness.Reports.Html;

/// <summary>Output paths of a report, each checked to stay strictly inside its folder.</summary>
public static class ReportPaths
{
    /// <summary>
    /// The full path of <paramref name="parts"/> under <paramref name="root"/>. Throws <see cref="ArgumentException"/>
    /// when the result is <paramref name="root"/> itself or lies outside it ('..', a rooted part, another drive).
    /// </summary>
    public static string Inside(string root, params string[] parts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var folder = Path.GetFullPath(root);
        var full = Path.GetFullPath(Path.Combine([folder, .. parts]));
        var relative = Path.GetRelativePath(folder, full);
        bool outside = relative == "." || relative == ".." || Path.IsPathRooted(relative) ||
                       relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) ||
                       relative.StartsWith(".." + Path.AltDirectorySeparatorChar, StringComparison.Ordinal);
        if (outside)
            throw new ArgumentException($"output path '{full}' is not inside the folder '{folder}'; nothing is written outside it");
        return full;
    }
}
