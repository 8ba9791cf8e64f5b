using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Harness.Data.Tests")]
