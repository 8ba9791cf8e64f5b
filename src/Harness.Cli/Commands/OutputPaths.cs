namespace Harness.Cli.Commands;

/// <summary>Why a path given for output cannot be written as asked, found before any work is done.</summary>
internal static class OutputPaths
{
    /// <summary>
    /// The problem of writing <paramref name="path"/> (as typed; <paramref name="option"/> names it) as a file, or as a
    /// folder when <paramref name="folder"/>; null when there is none. Missing folders above it are fine: they are created.
    /// </summary>
    public static string? Problem(string option, string path, bool folder)
    {
        var full = Path.GetFullPath(path);
        if (!folder && Directory.Exists(full))
            return $"{option}: '{path}' is a folder; give the path of a file (in that folder or elsewhere)";
        if (folder && File.Exists(full)) return $"{option}: '{path}' is a file; give a folder (created when missing)";
        for (var above = Path.GetDirectoryName(full); !string.IsNullOrEmpty(above); above = Path.GetDirectoryName(above))
            if (File.Exists(above)) return $"{option}: '{path}' cannot be made: '{above}' is a file, not a folder";
        return null;
    }
}
