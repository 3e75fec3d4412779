using k8s.Models;
using Rollouts.LocalCluster.Agent;

namespace Rollouts.LocalCluster.Tests;

public sealed class ConfigMapVolumesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cm-volumes").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Keys_become_files_a_change_rewrites_them_and_a_removed_key_is_deleted()
    {
        var pod = Pod(new V1ConfigMapVolumeSource { Name = "conf", DefaultMode = Convert.ToInt32("444", 8) });
        var result = ConfigMapVolumes.Sync(pod, _dir, Maps(ConfigMap("conf", ("a.json", "{\"percent\":0}"), ("b.txt", "x"))));

        result.Missing.ShouldBeEmpty();
        var local = Path.Combine(_dir, "conf");
        result.MountPaths.ShouldBe(new Dictionary<string, string> { ["/etc/conf"] = local });
        File.ReadAllText(Path.Combine(local, "a.json")).ShouldBe("{\"percent\":0}");
        File.GetUnixFileMode(Path.Combine(local, "a.json")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        ConfigMapVolumes.Sync(pod, _dir, Maps(ConfigMap("conf", ("a.json", "{\"percent\":10}"))));
        File.ReadAllText(Path.Combine(local, "a.json")).ShouldBe("{\"percent\":10}");
        File.Exists(Path.Combine(local, "b.txt")).ShouldBeFalse();
        Directory.EnumerateFiles(local).Select(Path.GetFileName).ShouldBe(["a.json"], "no temporary file is left behind");
    }

    [Fact]
    public void An_optional_missing_config_map_is_an_empty_directory_and_a_required_one_is_reported_missing()
    {
        var optional = ConfigMapVolumes.Sync(Pod(new V1ConfigMapVolumeSource { Name = "shadow", Optional = true }), _dir, Maps());
        optional.Missing.ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(Path.Combine(_dir, "conf")).ShouldBeEmpty();

        var required = ConfigMapVolumes.Sync(Pod(new V1ConfigMapVolumeSource { Name = "keys" }), _dir, Maps());
        required.Missing.ShouldBe(["keys"]);
    }

    [Fact]
    public void Items_select_keys_onto_their_paths_and_never_outside_the_volume()
    {
        var source = new V1ConfigMapVolumeSource
        {
            Name = "conf",
            Items = [new V1KeyToPath { Key = "a", Path = "sub/renamed" }, new V1KeyToPath { Key = "b", Path = "../escape" }],
        };
        ConfigMapVolumes.Sync(Pod(source), _dir, Maps(ConfigMap("conf", ("a", "1"), ("b", "2"), ("c", "3"))));

        var local = Path.Combine(_dir, "conf");
        Directory.EnumerateFiles(local, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(local, f)).ShouldBe(["sub/renamed"]);
        File.Exists(Path.Combine(_dir, "escape")).ShouldBeFalse();
    }

    [Fact]
    public void Arguments_under_a_mount_path_are_rewritten_onto_the_local_directory_and_others_are_kept()
    {
        var mounts = new Dictionary<string, string> { ["/etc/model-rollouts/shadow"] = "/tmp/v/shadow", ["/etc/model-rollouts"] = "/tmp/v/all" };
        ConfigMapVolumes.RewriteArguments(
            ["--shadow-config", "/etc/model-rollouts/shadow/shadow.json", "/etc/model-rollouts/x", "/etc/model-rollouts-other/y", "/etc/model-rollouts"],
            mounts).ShouldBe(["--shadow-config", "/tmp/v/shadow/shadow.json", "/tmp/v/all/x", "/etc/model-rollouts-other/y", "/tmp/v/all"]);
    }

    [Fact]
    public void The_serving_command_points_mounted_paths_in_arguments_and_env_at_the_local_copy()
    {
        var container = new V1Container
        {
            Name = "server",
            Args = ["--shadow-config", "/etc/model-rollouts/shadow/shadow.json"],
            Env = [new V1EnvVar { Name = "SERVING_SHADOW_CONFIG", Value = "/etc/model-rollouts/shadow/shadow.json" }, new V1EnvVar { Name = "OTHER", Value = "/etc/other" }],
        };
        var command = ServingCommand.For(container, "/x/Rollouts.Serving.dll", "127.0.1.9", new Dictionary<string, string> { ["/etc/model-rollouts/shadow"] = "/v/shadow" });
        command.Arguments.ShouldBe(["/x/Rollouts.Serving.dll", "--shadow-config", "/v/shadow/shadow.json", "--urls", "http://127.0.1.9:8080"]);
        command.Environment.ShouldBe(new Dictionary<string, string?> { ["SERVING_SHADOW_CONFIG"] = "/v/shadow/shadow.json", ["OTHER"] = "/etc/other" });
    }

    private static V1Pod Pod(V1ConfigMapVolumeSource source) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "demo" },
        Spec = new V1PodSpec
        {
            Volumes = [new V1Volume { Name = "conf", ConfigMap = source }, new V1Volume { Name = "unmounted", ConfigMap = new V1ConfigMapVolumeSource { Name = "other" } }],
            Containers = [new V1Container { Name = "server", VolumeMounts = [new V1VolumeMount { Name = "conf", MountPath = "/etc/conf/" }] }],
        },
    };

    private static V1ConfigMap ConfigMap(string name, params (string Key, string Value)[] data) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "demo" },
        Data = data.ToDictionary(d => d.Key, d => d.Value),
    };

    private static Dictionary<string, V1ConfigMap> Maps(params V1ConfigMap[] maps) => maps.ToDictionary(m => m.Metadata.Name);
}
