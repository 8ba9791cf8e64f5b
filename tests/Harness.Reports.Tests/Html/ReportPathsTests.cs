using Harness.Reports.Html;

namespace Harness.Reports.Tests.Html;

public sealed class ReportPathsTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "harness-report-root");

    [Theory]
    [InlineData("index.html")]
    [InlineData("figures", "confusion_matrix")]
    [InlineData("tables", "test_acc.csv")]
    [InlineData("a..b")]
    public void Paths_inside_the_folder_come_back_full(params string[] parts) =>
        Assert.Equal(Path.GetFullPath(Path.Combine([Root, .. parts])), ReportPaths.Inside(Root, parts));

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("..", "index.html")]
    [InlineData("figures", "..", "..", "x.png")]
    public void Paths_that_leave_the_folder_or_are_the_folder_itself_are_refused(params string[] parts)
    {
        var e = Assert.Throws<ArgumentException>(() => ReportPaths.Inside(Root, parts));
        Assert.Contains("is not inside the folder", e.Message);
        Assert.Contains(Path.GetFullPath(Root), e.Message);
    }

    [Fact]
    public void A_rooted_part_is_refused() =>
        Assert.Throws<ArgumentException>(() => ReportPaths.Inside(Root, Path.Combine(Path.GetTempPath(), "elsewhere", "index.html")));
}
