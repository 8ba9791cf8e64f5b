using System.Text.Json.Nodes;
using Harness.Cli.Exporting;
using Harness.Store;

namespace Harness.Cli.Tests;

public sealed class JsonExportTests
{
    [Fact]
    public void Text_stays_readable_in_the_file_and_reads_back_unchanged()
    {
        var e = new ExperimentRecord { Name = "div", Version = 1, SpecJson = "{}", SpecHash = new string('a', 64) };
        var error = "diverged in epoch 2: the training loss 1.23E+09 exceeded 1e6 x the initial loss 0.923 (<ü>)";
        var trial = TestStores.Planned("div", 0, 1e6) with { State = TrialState.Diverged, Error = error };

        var json = JsonExport.Trials(e, [trial]);
        Assert.Contains(error, json);
        Assert.DoesNotContain("\\u", json);
        Assert.Equal(error, JsonNode.Parse(json)![0]!["error"]!.GetValue<string>());
    }
}
