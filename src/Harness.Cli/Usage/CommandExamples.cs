namespace Harness.Cli.Usage;

/// <summary>One or two example lines per command, printed at the end of its `--help` (they must run as written).</summary>
internal static class CommandExamples
{
    private static readonly Dictionary<string, string[]> ByCommand = new(StringComparer.Ordinal)
    {
        ["harness"] = ["harness sweep experiments/quick.json", "harness report quick"],
        ["data"] = ["harness data fetch", "harness data info"],
        ["data fetch"] = ["harness data fetch --data-dir data/mnist"],
        ["data info"] = ["harness data info"],
        ["train"] = ["harness train --hidden 100 --activation relu --lr 0.1 --epochs 10",
            "harness train --config my-config.json --seed 7"],
        ["evaluate"] = ["harness evaluate results/models/train-20261123-101500.model"],
        ["perceptron"] = ["harness perceptron --dataset xor --epochs 10", "harness perceptron --sign --train-limit 10000"],
        ["bench"] = ["harness bench"],
        ["sweep"] = ["harness sweep experiments/quick.json --parallel 2", "harness sweep experiments/mnist-random.json --trials 100 --dry-run"],
        ["list"] = ["harness list"],
        ["show"] = ["harness show quick --top 5", "harness show quick --state failed,diverged --version 1"],
        ["best"] = ["harness best quick"],
        ["export"] = ["harness export quick --format json --out results/quick.json",
            "harness export quick --trial 3 --model results/quick-3.model"],
        ["table"] = ["harness table nielsen-2015 --format md", "harness table quick --version 1"],
        ["compare"] = ["harness compare quick nielsen-2015 --by depth", "harness compare mnist-tpe mnist-tpe-random --out results/tpe-vs-random", "harness compare quick@1 quick@2"],
        ["report"] = ["harness report quick", "harness report quick --version 1 --out results/quick-v1"],
        ["baseline"] = ["harness baseline"],
        ["doctor"] = ["harness doctor"],
        ["delete"] = ["harness delete quick --version 2 --yes"],
        ["rename"] = ["harness rename quick quick-2026 --yes"],
        ["retry"] = ["harness retry quick", "harness retry mnist-random --store postgres://me:secret@db.example:5432/sweeps"],
        ["dashboard"] = ["harness dashboard --port 8080"],
        ["importance"] = ["harness importance quick"],
        ["worker"] = ["harness worker experiments/quick.json --store postgres://me:secret@db.example:5432/sweeps"],
        ["status"] = ["harness status quick --store postgres://me:secret@db.example:5432/sweeps"],
        ["slurm"] = ["harness slurm experiments/quick.json --store postgres://me:secret@db.example:5432/sweeps --workers 8 --submit"],
        ["store"] = ["harness store copy --from results/harness.db --to postgres://me:secret@db.example:5432/sweeps"],
        ["store copy"] = ["harness store copy --from results/harness.db --to postgres://me:secret@db.example:5432/sweeps --experiment quick"],
    };

    /// <summary>The examples for a command path without the program name ("data fetch"; "harness" for the root), or none.</summary>
    public static IReadOnlyList<string> For(string path) => ByCommand.TryGetValue(path, out var lines) ? lines : [];
}
