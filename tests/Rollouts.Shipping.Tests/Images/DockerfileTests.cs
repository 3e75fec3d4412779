using System.Text.RegularExpressions;
using System.Xml.Linq;
using Rollouts.Shipping.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Images;

/// <summary>
/// What can be checked of the images without a Docker engine: sources, stage wiring, entry points against the
/// projects, where the ONNX Runtime library comes from and what it needs, runtime hardening settings.
/// </summary>
public sealed class DockerfileTests
{
    public static TheoryData<string, string> Images => new()
    {
        { "serving-image/Dockerfile", "serving-image/Rollouts.Serving.csproj" },
        { "operator/Dockerfile", "operator/Rollouts.Operator/Rollouts.Operator.csproj" },
    };

    private static Dockerfile Load(string path) => Dockerfile.Parse(File.ReadAllText(RepositoryPaths.InRepo(path)));

    [Theory]
    [MemberData(nameof(Images))]
    public void Every_context_COPY_source_exists_in_the_repository(string dockerfile, string project)
    {
        var copies = Load(dockerfile).Copies().Where(c => c.From is null).ToList();
        copies.ShouldNotBeEmpty();
        foreach (var source in copies.SelectMany(c => c.Sources))
        {
            var path = RepositoryPaths.InRepo(source);
            (File.Exists(path) || Directory.Exists(path)).ShouldBeTrue($"{dockerfile}: COPY source {source} does not exist");
        }

        // The project and every project it references (transitively) must be inside the copied folders.
        var copied = copies.SelectMany(c => c.Sources).Select(s => RepositoryPaths.InRepo(s).TrimEnd('/') + "/").ToList();
        foreach (var p in ProjectClosure(RepositoryPaths.InRepo(project)))
        {
            copied.ShouldContain(c => p.StartsWith(c, StringComparison.Ordinal), $"{dockerfile}: {p} is not copied into the build stage");
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Stage_COPY_sources_name_earlier_stages(string dockerfile, string project)
    {
        _ = project;
        var file = Load(dockerfile);
        foreach (var (stage, from, _, _) in file.Copies().Where(c => c.From is not null))
        {
            var index = file.Stages.Select((s, i) => (s.Name, i)).Single(s => s.Name == from).i;
            index.ShouldBeLessThan(stage, $"{dockerfile}: COPY --from={from}");
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Entrypoint_runs_the_projects_assembly(string dockerfile, string project)
    {
        var entry = Load(dockerfile).Entrypoint;
        entry.ShouldBe(["dotnet", AssemblyName(RepositoryPaths.InRepo(project)) + ".dll"]);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Publish_command_targets_the_project_and_writes_where_the_runtime_stage_copies_from(string dockerfile, string project)
    {
        var file = Load(dockerfile);
        var publish = file.Instructions.Single(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        publish.Arguments.ShouldContain($"dotnet publish {project} ");
        var output = Regex.Match(publish.Arguments, @"dotnet publish .* -o (/\S+)").Groups[1].Value;
        var copy = file.Copies().Single(c => c.From == file.Stages[publish.Stage].Name && c.Stage == file.Stages.Count - 1);
        copy.Sources.ShouldBe([output.TrimEnd('/') + "/"]);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Runtime_is_chiseled_non_root_with_diagnostics_off_and_OCI_labels(string dockerfile, string project)
    {
        _ = project;
        var file = Load(dockerfile);
        file.Stages[^1].Image.ShouldBe("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled");
        file.Stages.Where(s => s.Name == "build").Single().Image.ShouldBe("mcr.microsoft.com/dotnet/sdk:10.0");
        file.Final.Last(i => i.Keyword == "USER").Arguments.ShouldBeOneOf("$APP_UID", "1654", "1654:1654");
        file.FinalEnvironment["DOTNET_EnableDiagnostics"].ShouldBe("0");

        var labels = file.FinalLabels;
        foreach (var key in new[] { "title", "description", "version", "source", "licenses" })
        {
            labels.Keys.ShouldContain($"org.opencontainers.image.{key}");
        }

        labels["org.opencontainers.image.version"].ShouldBe("${VERSION}");
        file.GlobalArgs.Keys.ShouldContain("VERSION");
        file.Final.ShouldContain(i => i.Keyword == "ARG" && i.Arguments == "VERSION", "the runtime stage must re-declare ARG VERSION to use it");
    }

    [Fact]
    public void The_operator_benchmark_starts_the_operator_with_the_images_runtime_settings()
    {
        // Every DOTNET_ setting of the runtime stage, and none other, is what tools/Rollouts.BenchOperator sets, so the
        // figures it prints are the image's.
        var image = Load("operator/Dockerfile").FinalEnvironment
            .Where(e => e.Key.StartsWith("DOTNET_", StringComparison.Ordinal))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToList();

        image.ShouldNotBeEmpty();
        Rollouts.BenchOperator.OperatorProcess.ImageEnvironment.OrderBy(e => e.Key, StringComparer.Ordinal).ToList().ShouldBe(image);
    }

    [Fact]
    public void Serving_image_takes_onnxruntime_from_the_nuget_package_alone()
    {
        // No second source for the native library: no npm (or other) stage, no path variable; the publish is for
        // linux-x64, so the package's runtimes/linux-x64/native/libonnxruntime.so lands beside the assembly.
        var file = Load("serving-image/Dockerfile");
        file.Stages.Select(s => s.Image).ShouldBe(["mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled"]);
        file.FinalEnvironment.Keys.ShouldNotContain("ORT_LIBRARY_PATH");
        file.Instructions.ShouldNotContain(i => i.Arguments.Contains("npm", StringComparison.Ordinal));
        var publish = file.Instructions.Single(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        publish.Arguments.ShouldContain("-r linux-x64 --self-contained false");

        var project = XDocument.Load(RepositoryPaths.InRepo("serving-image/Rollouts.Serving.csproj"));
        project.Descendants("PackageReference").Select(r => r.Attribute("Include")?.Value).ShouldContain("Microsoft.ML.OnnxRuntime");
        File.Exists(RepositoryPaths.OnnxRuntimeLibrary).ShouldBeTrue($"{RepositoryPaths.OnnxRuntimeLibrary}: build serving-image first");
    }

    [Fact]
    public async Task Onnxruntime_needs_only_libraries_the_chiseled_dotnet_runtime_ships()
    {
        // The chiseled ASP.NET image carries glibc, libstdc++ and libgcc_s (the .NET runtime's own dependencies).
        string[] shipped = ["libc.so.6", "libm.so.6", "libdl.so.2", "librt.so.1", "libpthread.so.0", "libstdc++.so.6", "libgcc_s.so.1", "ld-linux-x86-64.so.2"];
        var r = await ProcessRunner.RunAsync("readelf", ["-d", RepositoryPaths.OnnxRuntimeLibrary], TimeSpan.FromMinutes(1));
        r.ExitCode.ShouldBe(0, r.StandardError);
        var needed = Regex.Matches(r.StandardOutput, @"\(NEEDED\)\s+Shared library: \[([^\]]+)\]").Select(m => m.Groups[1].Value).ToList();
        needed.ShouldNotBeEmpty();
        needed.Where(n => !shipped.Contains(n)).ShouldBeEmpty();
    }

    private static string AssemblyName(string csproj) =>
        XDocument.Load(csproj).Descendants("AssemblyName").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(csproj);

    private static IEnumerable<string> ProjectClosure(string csproj)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([Path.GetFullPath(csproj)]);
        while (stack.Count > 0)
        {
            var p = stack.Pop();
            if (!seen.Add(p))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(p).Descendants("ProjectReference"))
            {
                stack.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(p)!, reference.Attribute("Include")!.Value)));
            }
        }

        return seen;
    }
}
