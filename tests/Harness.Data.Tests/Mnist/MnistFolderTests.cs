namespace Harness.Data.Tests.Mnist;

public sealed class MnistFolderTests
{
    [Fact]
    public void A_data_folder_that_cannot_be_created_is_reported_by_name_with_the_fix()
    {
        var file = Path.GetTempFileName(); // a file where the folder's parent should be
        try
        {
            var dir = Path.Combine(file, "mnist");
            var ex = Assert.Throws<MnistFolderException>(() => MnistFetcher.Default.EnsureFiles(dir, cancellationToken: TestContext.Current.CancellationToken));
            Assert.Contains(dir, ex.Message);
            Assert.Contains("--data-dir", ex.Message);
            Assert.Contains(RepoPaths.DataEnvironmentVariable, ex.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
