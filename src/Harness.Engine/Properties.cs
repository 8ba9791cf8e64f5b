using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Harness.Engine.Tests")]
