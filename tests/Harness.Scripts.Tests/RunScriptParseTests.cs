using System.Management.Automation.Language;

namespace Harness.Scripts.Tests;

/// <summary>run.ps1 parses cleanly and documents itself for Get-Help.</summary>
public sealed class RunScriptParseTests
{
    private static ScriptBlockAst Parse(out ParseError[] errors) =>
        Parser.ParseFile(RepoLayout.Script, out _, out errors);

    [Fact]
    public void Script_parses_without_errors()
    {
        Parse(out var errors);
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
    }

    [Fact]
    public void Comment_based_help_covers_synopsis_every_parameter_and_examples()
    {
        var ast = Parse(out _);
        var help = ast.GetHelpContent();
        Assert.NotNull(help);
        Assert.False(string.IsNullOrWhiteSpace(help.Synopsis));
        Assert.Contains("batch", help.Description, StringComparison.Ordinal);
        var declared = ast.ParamBlock.Parameters.Select(p => p.Name.VariablePath.UserPath.ToUpperInvariant()).ToList();
        Assert.Contains("COMMAND", declared);
        foreach (var name in declared)
            Assert.True(help.Parameters.ContainsKey(name), $"parameter -{name} has no .PARAMETER help");
        Assert.True(help.Examples.Count >= 3, $"expected at least 3 examples, found {help.Examples.Count}");
    }

    [Fact]
    public void Command_parameter_is_validated_against_the_command_list()
    {
        var ast = Parse(out _);
        var command = ast.ParamBlock.Parameters.Single(p => p.Name.VariablePath.UserPath == "Command");
        var validateSet = command.Attributes.OfType<AttributeAst>().Single(a => a.TypeName.Name == "ValidateSet");
        var allowed = validateSet.PositionalArguments.OfType<StringConstantExpressionAst>().Select(s => s.Value).ToHashSet();
        Assert.Equal(new HashSet<string>
        {
            "setup", "sweep", "batch", "list", "show", "best", "export", "table", "compare", "report", "delete", "rename",
            "retry", "dashboard", "doctor", "worker", "slurm", "status", "test",
        }, allowed);
    }
}
