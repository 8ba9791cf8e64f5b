using Harness.Store;

namespace Harness.Sweeps.Tests;

public sealed class SpecChangeTests
{
    private const string Json = """
        { "name": "c", "description": "first", "engine": "cpu", "repeats": 2,
          "dataset": { "name": "moons", "samples": 200 },
          "base": { "hidden": [8], "epochs": 4 },
          "search": { "space": { "learning_rate": [0.01, 0.1] } } }
        """;

    private static ExperimentRecord Stored(string json)
    {
        var spec = Specs.Parse(json);
        return new ExperimentRecord { Name = spec.Name, Version = 3, SpecJson = spec.ToJson(), SpecHash = spec.Hash() };
    }

    [Fact]
    public void Lists_each_hashed_field_that_differs_with_both_values_and_leaves_out_what_the_hash_does_not_cover()
    {
        var edited = Specs.Parse(Json.Replace("\"epochs\": 4", "\"epochs\": 6, \"dropout\": 0.2").Replace("[0.01, 0.1]", "[0.01, 0.3]")
            .Replace("\"first\"", "\"second\"").Replace("\"repeats\": 2", "\"repeats\": 5").Replace("\"cpu\"", "\"auto\""));
        var changes = SpecChange.Differences(Stored(Json), edited);
        Assert.Equal(3, changes.Count);
        Assert.Contains("base.epochs: 4 in v3, 6 in the file", changes);
        Assert.Contains(changes, c => c.StartsWith("base.dropout: ", StringComparison.Ordinal) && c.EndsWith(", 0.2 in the file", StringComparison.Ordinal));
        Assert.Contains("search.space.learning_rate: [0.01,0.1] in v3, [0.01,0.3] in the file", changes);
    }

    [Fact]
    public void The_message_is_the_refusal_with_the_changes_and_counts_those_past_the_listed_ones()
    {
        var stored = Stored(Json);
        var many = Specs.Parse(Json.Replace("\"base\": { \"hidden\": [8], \"epochs\": 4 }",
            "\"base\": { \"hidden\": [16], \"epochs\": 5, \"batch_size\": 7, \"dropout\": 0.1, \"l2\": 0.001, \"momentum\": 0.5, \"seed\": 9, \"learning_rate\": 0.2 }"));
        var message = SpecChange.Message(stored, many);
        Assert.StartsWith("experiment 'c' (version 3) already exists with a different specification", message);
        Assert.Contains("pass --new-version to start version 4", message);
        Assert.Contains("\nwhat the file changed since v3:\n  ", message);
        int listed = message.Split('\n').Count(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains(" in the file", StringComparison.Ordinal));
        Assert.Equal(SpecChange.Listed, listed);
        Assert.EndsWith($"\n  and {SpecChange.Differences(stored, many).Count - SpecChange.Listed} more", message);
    }

    [Fact]
    public void A_stored_spec_that_does_not_parse_gives_the_refusal_alone()
    {
        var stored = Stored(Json) with { SpecJson = "{ not json" };
        var edited = Specs.Parse(Json.Replace("\"epochs\": 4", "\"epochs\": 6"));
        Assert.Empty(SpecChange.Differences(stored, edited));
        Assert.DoesNotContain("what the file changed", SpecChange.Message(stored, edited));
    }
}
