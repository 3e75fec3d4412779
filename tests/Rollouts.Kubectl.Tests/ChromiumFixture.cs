using Microsoft.Playwright;

namespace Rollouts.Kubectl.Tests;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, from dev/install-deps.sh) driven by Microsoft.Playwright, one browser
/// per test class. Playwright's driver (node and playwright-core) comes inside the NuGet package and is copied to the
/// build output; no browser is downloaded: <c>ExecutablePath</c> names the system one and
/// <c>PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD</c> is set. The flags keep chromium off the network (this machine's closed
/// network refuses its background connections); Playwright gives every launch a new empty user-data dir.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>The browser Playwright drives.</summary>
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? playwright;

    /// <summary>The launched browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.Exists(Executable).ShouldBeTrue($"{Executable} is missing: run dev/install-deps.sh (Debian package chromium)");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        Assertions.SetDefaultExpectTimeout(30_000); // a shared 2-core machine: wait on conditions, generously
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
    }
}
