using System.CommandLine;
using Harness.Cli;

var root = new RootCommand("Harness: train, sweep and report on multilayer perceptrons and convolutional networks over MNIST.");
foreach (var command in CommandRegistry.All())
    root.Subcommands.Add(command);

return CliRunner.Run(root, args);
