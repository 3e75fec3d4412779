using Rollouts.ModelBuilder.Data;

namespace Rollouts.ModelBuilder.Tests;

public sealed class IrisDataTests
{
    private static readonly IReadOnlyList<IrisSample> All = IrisDataSet.Load(TestPaths.IrisCsv);

    [Fact]
    public void The_csv_holds_fishers_150_flowers_50_per_species()
    {
        All.Count.ShouldBe(150);
        All.GroupBy(s => s.Label).Select(g => (g.Key, g.Count())).ShouldBe([(0, 50), (1, 50), (2, 50)]);
    }

    [Theory]
    [InlineData(0, 5.1, 3.5, 1.4, 0.2, 0)]
    [InlineData(34, 4.9, 3.1, 1.5, 0.2, 0)] // Fisher's value (the UCI copy has petal_width 0.1 here)
    [InlineData(37, 4.9, 3.6, 1.4, 0.1, 0)] // Fisher's value (the UCI copy has 3.1, 1.5 here)
    [InlineData(50, 7.0, 3.2, 4.7, 1.4, 1)]
    [InlineData(106, 4.9, 2.5, 4.5, 1.7, 2)]
    [InlineData(149, 5.9, 3.0, 5.1, 1.8, 2)]
    public void Known_rows_are_in_place(int index, double sl, double sw, double pl, double pw, int label)
    {
        All[index].Features.ShouldBe([sl, sw, pl, pw]);
        All[index].Label.ShouldBe(label);
    }

    [Fact]
    public void A_bad_line_is_reported_with_its_line_number()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n5.1,x,1.4,0.2,setosa\n");

            var error = Should.Throw<InvalidDataException>(() => IrisDataSet.Load(path));

            error.Message.ShouldContain(":3:");
            error.Message.ShouldContain("sepal_width");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_split_is_stratified_disjoint_and_repeatable()
    {
        var split = DataSplit.Stratified(All, 0.7, 42);

        split.Train.GroupBy(s => s.Label).Select(g => g.Count()).ShouldBe([35, 35, 35]);
        split.HeldOut.GroupBy(s => s.Label).Select(g => g.Count()).ShouldBe([15, 15, 15]);
        split.Train.Intersect(split.HeldOut, ReferenceEqualityComparer.Instance).ShouldBeEmpty();
        DataSplit.Stratified(All, 0.7, 42).HeldOut.ShouldBe(split.HeldOut);
        DataSplit.Stratified(All, 0.7, 43).HeldOut.ShouldNotBe(split.HeldOut);
    }
}
