namespace Rollouts.ModelBuilder.Tests;

/// <summary>The tool's exit codes: 0 all checks pass (see SampleModelsTests), 1 a model below its floor, 2 bad usage or input.</summary>
public sealed class ProgramTests
{
    [Fact]
    public void A_model_below_its_accuracy_floor_makes_the_tool_exit_1()
    {
        // Species assigned by row position carry no signal, so every learner falls far below its floor.
        string dir = Path.Combine(Path.GetTempPath(), "modelbuilder-noise-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string[] lines = File.ReadAllLines(TestPaths.IrisCsv);
            string[] species = ["setosa", "versicolor", "virginica"];
            var noisy = lines.Take(1).Concat(lines.Skip(1).Select((l, i) => l[..l.LastIndexOf(',')] + "," + species[i % 3]));
            string csv = Path.Combine(dir, "noise.csv");
            File.WriteAllLines(csv, noisy);

            Program.Main(["--out", Path.Combine(dir, "out"), "--data", csv]).ShouldBe(1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_missing_data_file_exits_2()
    {
        Program.Main(["--out", Path.GetTempPath(), "--data", "/nonexistent/iris.csv"]).ShouldBe(2);
    }

    [Fact]
    public void An_unknown_argument_exits_2()
    {
        Program.Main(["--bogus"]).ShouldBe(2);
    }
}
