#!/usr/bin/env pwsh
# The Harness CLI from this checkout on Windows (or anywhere with PowerShell): `.\harness.ps1 sweep experiments/quick.json`.
# Builds src/Harness.Cli (Release; $env:HARNESS_CONFIGURATION = 'Debug' for a debug build) on first use and again
# after a source file changes, then runs it with the arguments given, in the current folder. Needs the .NET 10 SDK.
# Only language features and .NET calls are used, so it also runs in a minimal hosted PowerShell.
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$config = if ($env:HARNESS_CONFIGURATION) { $env:HARNESS_CONFIGURATION } else { 'Release' }
$project = [IO.Path]::Combine($root, 'src', 'Harness.Cli', 'Harness.Cli.csproj')
$out = [IO.Path]::Combine($root, 'src', 'Harness.Cli', 'bin', $config, 'net10.0')
$dll = [IO.Path]::Combine($out, 'harness.dll')
$stamp = [IO.Path]::Combine($out, '.launcher-built')

function Test-NewerIn([string] $folder, [datetime] $built) {
    # True when a file under $folder (bin and obj folders skipped) was written after $built.
    foreach ($file in [IO.Directory]::GetFiles($folder)) {
        if ([IO.File]::GetLastWriteTimeUtc($file) -gt $built) { return $true }
    }
    foreach ($sub in [IO.Directory]::GetDirectories($folder)) {
        $name = [IO.Path]::GetFileName($sub)
        if ($name -eq 'bin' -or $name -eq 'obj') { continue }
        if (Test-NewerIn $sub $built) { return $true }
    }
    return $false
}

function Test-Stale {
    if (-not [IO.File]::Exists($dll) -or -not [IO.File]::Exists($stamp)) { return $true }
    $built = [IO.File]::GetLastWriteTimeUtc($stamp)
    foreach ($props in @('Directory.Build.props', 'Directory.Packages.props')) {
        if ([IO.File]::GetLastWriteTimeUtc([IO.Path]::Combine($root, $props)) -gt $built) { return $true }
    }
    return Test-NewerIn ([IO.Path]::Combine($root, 'src')) $built
}

if (Test-Stale) {
    [Console]::Error.WriteLine("harness: building src/Harness.Cli ($config) ...")
    try {
        $log = & dotnet build $project -c $config -nologo -v quiet -clp:NoSummary
    }
    catch [System.Management.Automation.CommandNotFoundException] {
        [Console]::Error.WriteLine('harness: the .NET 10 SDK (dotnet) is not on PATH; see https://dot.net')
        exit 2
    }
    foreach ($line in $log) { [Console]::Error.WriteLine($line) }
    if ($LASTEXITCODE -ne 0) {
        [Console]::Error.WriteLine("harness: the build failed; 'dotnet build src/Harness.Cli -c $config' shows why")
        exit 1
    }
    [IO.File]::WriteAllText($stamp, '')
}
& dotnet $dll @args
exit $LASTEXITCODE
