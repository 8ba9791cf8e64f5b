<#
.SYNOPSIS
    Harness front end for PowerShell: set up, run sweeps and batches of experiments, make tables and reports.

.DESCRIPTION
    run.ps1 builds the Harness CLI once (Release) and calls it; every command's exit code is passed on, so a
    batch script can stop or branch on $LASTEXITCODE. Works in PowerShell 7 and Windows PowerShell 5.1.

    Commands:
      setup              restore, build, and fetch MNIST into data/mnist (or -DataDir / $env:HARNESS_DATA)
      sweep <file>       run one experiment file (resumes if it was interrupted); -DryRun lists its trials instead
      batch <files...>   run experiment files in sequence, continue past a failure or a missing file, print a
                         summary table; exits 1 if any failed or was missing; -DryRun checks them all first
      list               the experiments in the store with trial counts by state
      show <exp>         an experiment's trials, best first (-Top N, -State failed,diverged)
      best <exp>         the best configuration of an experiment
      export <exp>       an experiment's trials (or per-epoch rows) as csv, json or parquet; or one trial's model
      table <exp>        the accuracy table of an experiment (mean +- std over seeds)
      compare <exps...>  experiments side by side
      report <exp>       write every table and figure of an experiment plus index.html under results/<exp>/
      delete <exp>       delete an experiment (or one -Version) with its trials; asks unless -Yes
      rename <exp> <new> rename an experiment; asks unless -Yes
      retry <exp>        put an experiment's failed trials back to pending, for the next sweep or worker to train
      dashboard          the live dashboard over the store
      doctor             the GPU and CUDA check
      worker <file>      train an experiment's trials from a shared store (-Store) until none is left; run any
                         number of them, on any hosts
      slurm <file>       write an sbatch job array of -Workers workers on -Store; -Submit submits it and prints
                         the job id
      status <exp>       progress of an experiment by host: pending, running, done, failed
      test               run the test suite (dotnet test Harness.sln -c Release)

    Each parameter is passed only to the commands it applies to; giving it to another command is refused
    (exit 2) naming the parameters that command takes. Set $env:HARNESS_CLI to the path of a built harness.dll to
    skip the build step (used by the tests).

.PARAMETER Command
    One of: setup, sweep, batch, list, show, best, export, table, compare, report, delete, rename, retry,
    dashboard, doctor, worker, slurm, status, test.

.PARAMETER Target
    For sweep, worker and slurm: one experiment file. For batch: one or more experiment files. For show, best, export, table,
    report, delete, retry and status: one experiment name. For compare: one or more names. For rename: the name and the new name.
    Not used by setup, list, dashboard, doctor and test.

.PARAMETER Engine
    Training engine for sweep and batch: auto (CUDA when usable, else CPU), cpu or cuda. Default: the
    experiment file's own setting.

.PARAMETER Database
    Results database file (default: results/harness.db under the repository). Every command but setup, doctor
    and test.

.PARAMETER Store
    Results store for every command but setup, doctor and test: a LiteDB file or
    postgres://user:password@host:port/database (default: $env:HARNESS_STORE, else -Database, else
    results/harness.db). The password is never printed.

.PARAMETER Workers
    Workers (Slurm array tasks) for the slurm command (1-100000).

.PARAMETER GpusPerWorker
    GPUs per worker for the slurm command; with more than 0 the workers use the cuda engine.

.PARAMETER Partition
    Slurm partition for the slurm command, e.g. gpu.

.PARAMETER Time
    Time limit per worker for the slurm command, e.g. 2:00:00.

.PARAMETER Throttle
    Most workers running at once for the slurm command (the %K of --array).

.PARAMETER Lease
    Seconds a worker's trial stays claimed without a heartbeat before another worker re-queues it (worker, slurm).

.PARAMETER CheckpointEvery
    Seconds between a running CPU trial's checkpoints for sweep, batch, worker and slurm's workers (0-86400; 0:
    none), so that a killed or interrupted trial goes on from its last one. Default: 60.

.PARAMETER Submit
    For slurm: submit the script with sbatch and print the job id (else only write it).

.PARAMETER DryRun
    For sweep and batch: validate each file and list the trials a sweep would plan, with their states in the
    store; nothing is trained or stored (a missing LiteDB store stays missing). `batch -DryRun` checks a whole batch
    before it runs.

.PARAMETER DataDir
    Folder of the MNIST files (default: $env:HARNESS_DATA, else data/mnist under the repository). setup, sweep, batch.

.PARAMETER Parallel
    Cohorts trained at once for sweep, batch and worker (1-64). Default: the engine's preference (1 on the CPU;
    on a GPU 4, or one per 16 SMs: 8 on an H100/H200).

.PARAMETER Cohort
    Most compatible trials (same architecture, batch size, standardization) trained together as one cohort,
    for sweep and batch (1-4096). Default: the engine's preference (1 on the CPU).

.PARAMETER Trials
    For sweep and batch: the number of trials of a random search (grows an experiment; overrides the file).

.PARAMETER Format
    For table and compare: console, md, csv or latex. For export: csv, json or parquet.

.PARAMETER By
    Grouping for table and compare, e.g. depth,width.

.PARAMETER Version
    Experiment version for show, best, export, table, report and delete (default: the latest; delete: all).

.PARAMETER Out
    Output file for export, output folder for report and compare (compare: its tables and figures).

.PARAMETER Epochs
    For export: one row per trial and epoch instead of one per trial.

.PARAMETER Trial
    For export: the trial number whose model -Model writes.

.PARAMETER Model
    For export with -Trial: the model file to write (evaluate reads it).

.PARAMETER Top
    For show: only the N best trials.

.PARAMETER State
    For show: only trials in these states, comma-separated (pending, running, complete, pruned, diverged, failed,
    interrupted), e.g. -State failed,diverged.

.PARAMETER Yes
    For delete and rename: do not ask for confirmation (needed when there is no terminal to ask on).

.PARAMETER Port
    For dashboard: the local port to serve on.

.PARAMETER Address
    For dashboard: the address to listen on (--host): 127.0.0.1 by default, 0.0.0.0 to serve other machines (no login).

.EXAMPLE
    ./run.ps1 setup
    Restores and builds the solution and fetches MNIST.

.EXAMPLE
    ./run.ps1 sweep experiments/quick.json
    Runs the quick grid and stores every trial in results/harness.db.

.EXAMPLE
    ./run.ps1 batch experiments/quick.json experiments/nielsen-2015.json -Parallel 2
    Runs two experiment files one after the other and prints a summary table.

.EXAMPLE
    ./run.ps1 table nielsen-2015 -Format latex
    Prints the nielsen-2015 table as LaTeX, with the published accuracies beside ours.

.EXAMPLE
    ./run.ps1 report quick
    Writes results/quick/index.html with every figure and table.

.EXAMPLE
    ./run.ps1 export quick -Format json -Epochs -Out results/quick-epochs.json
    Writes every epoch of every trial of quick as JSON.

.EXAMPLE
    ./run.ps1 delete quick -Version 1 -Yes
    Deletes version 1 of quick without asking.
.EXAMPLE
    ./run.ps1 slurm experiments/mnist-grid.json -Store postgres://me:secret@db.example:5432/sweeps -Workers 8 -GpusPerWorker 1 -Partition gpu -Submit
    Submits 8 GPU workers as one Slurm job array sharing one PostgreSQL store; ./run.ps1 status mnist-grid -Store ... follows it.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true, Position = 0)]
    [ValidateSet('setup', 'sweep', 'batch', 'list', 'show', 'best', 'export', 'table', 'compare', 'report', 'delete',
        'rename', 'retry', 'dashboard', 'doctor', 'worker', 'slurm', 'status', 'test')]
    [string] $Command,

    [Parameter(Position = 1, ValueFromRemainingArguments = $true)]
    [string[]] $Target,

    [ValidateSet('auto', 'cpu', 'cuda')]
    [string] $Engine,

    [ValidateNotNullOrEmpty()]
    [string] $Database,

    [ValidateNotNullOrEmpty()]
    [string] $DataDir,

    [ValidateRange(1, 64)]
    [int] $Parallel,

    [ValidateRange(1, 4096)]
    [int] $Cohort,

    [ValidateRange(1, 100000)]
    [int] $Trials,

    [ValidateSet('console', 'md', 'csv', 'latex', 'json', 'parquet')]
    [string] $Format,

    [ValidatePattern('^[a-z_]+(,[a-z_]+)*$')]
    [string] $By,

    [ValidateRange(1, 1000000)]
    [int] $Version,

    [ValidateNotNullOrEmpty()]
    [string] $Out,

    [switch] $Epochs,

    [ValidateRange(0, 100000000)]
    [int] $Trial = -1,

    [ValidateNotNullOrEmpty()]
    [string] $Model,

    [switch] $Yes,

    [ValidateRange(1, 65535)]
    [int] $Port,

    [ValidateNotNullOrEmpty()]
    [string] $Store,

    [ValidateRange(1, 100000)]
    [int] $Workers = 1,

    [ValidateRange(0, 64)]
    [int] $GpusPerWorker,

    [ValidatePattern('^[A-Za-z0-9_.\-]+(,[A-Za-z0-9_.\-]+)*$')]
    [string] $Partition,

    [ValidatePattern('^[0-9][0-9:\-]*$')]
    [string] $Time,

    [ValidateRange(1, 100000)]
    [int] $Throttle,

    [ValidateRange(1, 86400)]
    [double] $Lease = 120,

    [ValidateRange(0, 86400)]
    [double] $CheckpointEvery,

    [switch] $Submit,

    [switch] $DryRun,

    [ValidateRange(1, 100000000)]
    [int] $Top,

    [ValidatePattern('^[A-Za-z]+( *, *[A-Za-z]+)*$')]
    [string] $State,

    [ValidateNotNullOrEmpty()]
    [string] $Address
)

# Only language features, .NET calls and native commands are used below, so the script also runs in a
# minimal hosted PowerShell (no Write-Host, Test-Path, Join-Path there).
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$solution = [IO.Path]::Combine($root, 'Harness.sln')
$cliProject = [IO.Path]::Combine($root, 'src', 'Harness.Cli', 'Harness.Cli.csproj')

function Fail([string] $message, [int] $code = 2) {
    [Console]::Error.WriteLine("run.ps1: $message")
    exit $code
}

function Get-Cli {
    # Builds the CLI once per invocation and returns the path of harness.dll.
    if ($env:HARNESS_CLI) {
        if (-not [IO.File]::Exists($env:HARNESS_CLI)) { Fail "HARNESS_CLI points to '$env:HARNESS_CLI', which does not exist" }
        return $env:HARNESS_CLI
    }
    & dotnet build $cliProject -c Release --nologo -v quiet | Out-Null
    if ($LASTEXITCODE -ne 0) { Fail "build of $cliProject failed (exit $LASTEXITCODE)" $LASTEXITCODE }
    $dll = [IO.Path]::Combine($root, 'src', 'Harness.Cli', 'bin', 'Release', 'net10.0', 'harness.dll')
    if (-not [IO.File]::Exists($dll)) { Fail "build succeeded but $dll is missing" }
    return $dll
}

# The parameters each command takes (besides -Command and -Target); any other one given is refused.
$applies = @{
    'setup' = @('DataDir'); 'test' = @(); 'doctor' = @()
    'sweep' = @('Engine', 'Database', 'DataDir', 'Parallel', 'Cohort', 'Trials', 'DryRun', 'CheckpointEvery')
    'batch' = @('Engine', 'Database', 'DataDir', 'Parallel', 'Cohort', 'Trials', 'DryRun', 'CheckpointEvery')
    'list' = @('Database'); 'show' = @('Database', 'Version', 'Top', 'State'); 'best' = @('Database', 'Version')
    'export' = @('Database', 'Version', 'Format', 'Out', 'Epochs', 'Trial', 'Model')
    'table' = @('Database', 'Version', 'Format', 'By'); 'compare' = @('Database', 'Format', 'By', 'Out')
    'report' = @('Database', 'Version', 'Out'); 'delete' = @('Database', 'Version', 'Yes')
    'rename' = @('Database', 'Yes'); 'retry' = @('Database', 'Version'); 'dashboard' = @('Database', 'Port', 'Address')
    'worker' = @('Engine', 'Database', 'DataDir', 'Parallel', 'Cohort', 'Lease', 'CheckpointEvery')
    'slurm' = @('Database', 'Workers', 'GpusPerWorker', 'Partition', 'Time', 'Throttle', 'Lease', 'Submit', 'CheckpointEvery')
    'status' = @('Database', 'Version')
}
foreach ($name in @($applies.Keys)) { if ($applies[$name] -contains 'Database') { $applies[$name] += 'Store' } }
$formats = @{ 'table' = @('console', 'md', 'csv', 'latex'); 'compare' = @('console', 'md', 'csv', 'latex'); 'export' = @('csv', 'json', 'parquet') }

function Assert-Applies {
    $declared = @('Engine', 'Database', 'DataDir', 'Parallel', 'Cohort', 'Trials', 'Format', 'By', 'Version', 'Out', 'Epochs',
        'Trial', 'Model', 'Yes', 'Port', 'Store', 'Workers', 'GpusPerWorker', 'Partition', 'Time', 'Throttle', 'Lease',
        'Submit', 'DryRun', 'CheckpointEvery', 'Top', 'State', 'Address')
    foreach ($name in $script:bound) {
        if ($declared -contains $name -and $applies[$Command] -notcontains $name) {
            $takes = if ($applies[$Command].Count -gt 0) { '-' + ($applies[$Command] -join ', -') } else { 'none' }
            Fail "-$name does not apply to $Command; $Command takes: $takes"
        }
    }
    if ($Format -and $formats[$Command] -notcontains $Format) {
        Fail "-Format '$Format' does not apply to $Command; allowed: $($formats[$Command] -join ', ')"
    }
}

function Get-CommonArgs([bool] $training) {
    $a = @()
    if ($Store) { $a += @('--store', $Store) }
    elseif ($Database) { $a += @('--db', $Database) }
    if ($training) {
        if ($DataDir) { $a += @('--data-dir', $DataDir) }
        if ($Engine) { $a += @('--engine', $Engine) }
        if ($Parallel -gt 0) { $a += @('--parallel', "$Parallel") }
        if ($Cohort -gt 0) { $a += @('--cohort', "$Cohort") }
        if ($Trials -gt 0) { $a += @('--trials', "$Trials") }
        if ($DryRun) { $a += @('--dry-run') }
        if ($script:bound -contains 'CheckpointEvery') { $a += @('--checkpoint-every', "$CheckpointEvery") }
    }
    if ($Version -gt 0) { $a += @('--version', "$Version") }
    if ($Format) { $a += @('--format', $Format) }
    if ($By) { $a += @('--by', $By) }
    if ($Out) { $a += @('--out', $Out) }
    if ($Epochs) { $a += @('--epochs') }
    if ($Trial -ge 0) { $a += @('--trial', "$Trial") }
    if ($Model) { $a += @('--model', $Model) }
    if ($Yes) { $a += @('--yes') }
    if ($Port -gt 0) { $a += @('--port', "$Port") }
    if ($Address) { $a += @('--host', $Address) }
    if ($Top -gt 0) { $a += @('--top', "$Top") }
    if ($State) { $a += @('--state', $State) }
    return , $a
}

function Assert-Files([string[]] $files, [string] $what) {
    if (-not $files -or $files.Count -eq 0) { Fail "$what needs at least one experiment file, e.g. experiments/quick.json" }
    foreach ($f in $files) {
        if (-not [IO.File]::Exists($f)) { Fail "experiment file '$f' not found" }
    }
}

function Assert-OneFile([string[]] $files, [string] $what, [string] $example) {
    if (-not $files -or $files.Count -ne 1) { Fail "$what needs exactly one experiment file, e.g. $example" }
    Assert-Files $files $what
}

function Assert-OneName([string[]] $names, [string] $what) {
    if (-not $names -or $names.Count -ne 1) { Fail "$what needs exactly one experiment name, e.g. ./run.ps1 $what quick" }
}

$script:bound = @($PSBoundParameters.Keys)
Assert-Applies

switch ($Command) {
    'setup' {
        & dotnet restore $solution
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        $env:HARNESS_CLI = $null
        $cli = Get-Cli
        $fetch = @('data', 'fetch')
        if ($DataDir) { $fetch += @('--data-dir', $DataDir) }
        & dotnet $cli @fetch
        exit $LASTEXITCODE
    }
    'test' {
        & dotnet test $solution -c Release
        exit $LASTEXITCODE
    }
    'sweep' {
        Assert-OneFile $Target 'sweep' './run.ps1 sweep experiments/quick.json'
        $cli = Get-Cli
        $common = Get-CommonArgs $true
        & dotnet $cli sweep $Target[0] @common
        exit $LASTEXITCODE
    }
    'batch' {
        if (-not $Target -or $Target.Count -eq 0) { Fail 'batch needs at least one experiment file, e.g. experiments/quick.json' }
        $cli = Get-Cli
        $common = Get-CommonArgs $true
        $rows = @()
        foreach ($file in $Target) {
            "=== $file"
            $watch = [Diagnostics.Stopwatch]::StartNew()
            if ([IO.File]::Exists($file)) {
                & dotnet $cli sweep $file @common
                $code = $LASTEXITCODE
                $status = 'ok'
                if ($code -ne 0) { $status = 'FAILED' }
            }
            else {
                [Console]::Error.WriteLine("run.ps1: experiment file '$file' not found; going on with the next one")
                $code = 2
                $status = 'MISSING'
            }
            $watch.Stop()
            $rows += , @($file, $status, $code, $watch.Elapsed.TotalSeconds)
        }
        ''
        'batch summary'
        '{0,-44} {1,-7} {2,5} {3,10}' -f 'experiment file', 'status', 'exit', 'seconds'
        foreach ($r in $rows) { '{0,-44} {1,-7} {2,5} {3,10:F1}' -f $r[0], $r[1], $r[2], $r[3] }
        $failed = 0
        $missing = 0
        foreach ($r in $rows) { if ($r[1] -eq 'FAILED') { $failed++ } elseif ($r[1] -eq 'MISSING') { $missing++ } }
        "$($rows.Count - $failed - $missing) succeeded, $failed failed, $missing missing"
        if ($failed + $missing -gt 0) { exit 1 }
        exit 0
    }
    { $_ -in @('list', 'dashboard', 'doctor') } {
        if ($Target -and $Target.Count -gt 0) { Fail "$Command takes no names or files, got: $($Target -join ' ')" }
        $cli = Get-Cli
        $common = Get-CommonArgs $false
        & dotnet $cli $Command @common
        exit $LASTEXITCODE
    }
    { $_ -in @('show', 'best', 'export', 'table', 'report', 'delete', 'retry') } {
        Assert-OneName $Target $Command
        $cli = Get-Cli
        $common = Get-CommonArgs $false
        & dotnet $cli $Command $Target[0] @common
        exit $LASTEXITCODE
    }
    'compare' {
        if (-not $Target -or $Target.Count -eq 0) { Fail 'compare needs one or more experiment names, e.g. ./run.ps1 compare quick nielsen-2015' }
        $cli = Get-Cli
        $common = Get-CommonArgs $false
        & dotnet $cli compare @Target @common
        exit $LASTEXITCODE
    }
    'worker' {
        Assert-OneFile $Target 'worker' './run.ps1 worker experiments/quick.json -Store postgres://...'
        $cli = Get-Cli
        $common = Get-CommonArgs $true
        & dotnet $cli worker $Target[0] @common --lease "$Lease"
        exit $LASTEXITCODE
    }
    'slurm' {
        Assert-OneFile $Target 'slurm' './run.ps1 slurm experiments/quick.json -Store postgres://... -Workers 4'
        $cli = Get-Cli
        $slurmArgs = Get-CommonArgs $false
        $slurmArgs += @('--workers', "$Workers", '--lease', "$Lease")
        if ($script:bound -contains 'CheckpointEvery') { $slurmArgs += @('--checkpoint-every', "$CheckpointEvery") }
        if ($GpusPerWorker -gt 0) { $slurmArgs += @('--gpus-per-worker', "$GpusPerWorker") }
        if ($Partition) { $slurmArgs += @('--partition', $Partition) }
        if ($Time) { $slurmArgs += @('--time', $Time) }
        if ($Throttle -gt 0) { $slurmArgs += @('--throttle', "$Throttle") }
        if ($Submit) { $slurmArgs += @('--submit') }
        & dotnet $cli slurm $Target[0] @slurmArgs
        exit $LASTEXITCODE
    }
    'status' {
        Assert-OneName $Target 'status'
        $cli = Get-Cli
        $common = Get-CommonArgs $false
        & dotnet $cli status $Target[0] @common
        exit $LASTEXITCODE
    }
    'rename' {
        if (-not $Target -or $Target.Count -ne 2) { Fail 'rename needs the experiment name and the new name, e.g. ./run.ps1 rename quick quick-2026' }
        $cli = Get-Cli
        $common = Get-CommonArgs $false
        & dotnet $cli rename $Target[0] $Target[1] @common
        exit $LASTEXITCODE
    }
}
