<#
.SYNOPSIS
    Intune Remediations remediation script: runs the ESR fixes that need nobody (SYSTEM).

.DESCRIPTION
    Runs only when Detect-ESR.ps1 exited 1 (a check fails, or the state is UNKNOWN because
    dsregcmd /status could not be read). Diagnoses again ("esr-diag.exe check --json"); when
    dsregcmd /status still cannot be read it runs nothing and says so (SKIPPED); otherwise it
    takes the remedies of the failing checks, and runs those on the fleet-safe list below with
    "esr-diag.exe remedy run <id> --yes --json": remedies that need no user, no sign-out, no
    restart and no parameter. Today that is remedy.run-device-join-task (the Workplace Join
    task that registers a domain-joined device in Azure AD). Everything else - updates,
    sign-in changes, profile cleanups, leaving Azure AD - is left for a technician and named
    in the output line.

        exit 0  every fleet-safe remedy ran (or there was none to run, or SKIPPED)
        exit 1  a remedy ran and did not succeed
        exit 2  the tool could not run

    Same settings as the detection script: SYSTEM, 64-bit (a 32-bit host restarts the script
    in the 64-bit PowerShell via sysnative). Nothing is written to stderr. Each remedy run
    leaves an audit record in the tool's data folder.

    PowerShell 5.1; this file is ASCII only.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
$MaxOutput = 2048
$ToolTimeoutSeconds = 300
$AppFolder = 'ESR Troubleshooter'
$ToolName = 'esr-diag.exe'
$UninstallKey = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\ESRTroubleshooter'
# Remedies that may run on a fleet without anyone at the device. Keep this list short.
$FleetSafeRemedies = @('remedy.run-device-join-task')

function Limit-Text {
    param([string]$Text, [int]$Limit = $MaxOutput)
    $line = ($Text -replace '[\r\n\t]+', ' ') -replace '[^\x20-\x7E]', '?'
    if ($line.Length -gt $Limit) { $line = $line.Substring(0, $Limit - 3) + '...' }
    return $line
}

function Invoke-Quiet {
    # Runs a program with both streams captured: its stderr never reaches ours.
    param([string]$FilePath, [string]$Arguments, [int]$TimeoutSeconds)
    $info = New-Object System.Diagnostics.ProcessStartInfo
    $info.FileName = $FilePath
    $info.Arguments = $Arguments
    $info.UseShellExecute = $false
    $info.CreateNoWindow = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        try { $process.Kill() } catch { $null = $_ }
        return @{ Code = 2; Out = ''; Err = ''; TimedOut = $true }
    }
    $process.WaitForExit()
    return @{ Code = $process.ExitCode; Out = $stdout.Result; Err = $stderr.Result; TimedOut = $false }
}

function Test-Wow64 {
    return [bool]$env:PROCESSOR_ARCHITEW6432 -and -not [Environment]::Is64BitProcess
}

function Invoke-Native64 {
    $native = Join-Path $env:WINDIR 'sysnative\WindowsPowerShell\v1.0\powershell.exe'
    if (-not (Test-Path -LiteralPath $native -PathType Leaf)) { return $null }
    $arguments = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + $PSCommandPath + '"'
    return Invoke-Quiet -FilePath $native -Arguments $arguments -TimeoutSeconds ($ToolTimeoutSeconds * 3)
}

function Find-EsrDiag {
    $roots = @($env:ProgramW6432, $env:ProgramFiles, ${env:ProgramFiles(x86)}) | Where-Object { $_ }
    foreach ($root in $roots) {
        $candidate = Join-Path (Join-Path $root $AppFolder) $ToolName
        if (Test-Path -LiteralPath $candidate -PathType Leaf) { return $candidate }
    }
    foreach ($view in @('Registry64', 'Registry32')) {
        try {
            $hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey('LocalMachine', $view)
            $key = $hklm.OpenSubKey($UninstallKey)
            if ($key) {
                $location = [string]$key.GetValue('InstallLocation')
                $candidate = Join-Path $location $ToolName
                if ($location -and (Test-Path -LiteralPath $candidate -PathType Leaf)) { return $candidate }
            }
        } catch { $null = $_ }
    }
    return $null
}

function Get-FirstLine {
    param([string]$Text)
    $lines = @($Text -split "`r?`n" | Where-Object { $_.Trim() })
    if ($lines.Count -gt 0) { return $lines[0] }
    return ''
}

function Get-UnattendedRemedies {
    # The fleet-safe remedies the installed catalogue still describes as needing nobody
    # (a newer release could add a restart or a parameter); this list if it cannot be read.
    param([string]$Exe)
    $run = Invoke-Quiet -FilePath $Exe -Arguments 'remedy list --json' -TimeoutSeconds 60
    $catalog = $null
    try { $catalog = (Get-FirstLine $run.Out) | ConvertFrom-Json } catch { $null = $_ }
    if ($run.Code -ne 0 -or -not $catalog) { return $FleetSafeRemedies }
    $safe = @()
    foreach ($remedy in $catalog.remedies) {
        $required = @($remedy.params.required | Where-Object { $_ })
        $unattended = ($remedy.kind -eq 'command') -and (-not $remedy.needs_restart) -and
            (-not $remedy.needs_sign_out) -and ($required.Count -eq 0)
        if ($unattended -and ($FleetSafeRemedies -contains $remedy.id)) { $safe += $remedy.id }
    }
    return $safe
}

function Get-WantedRemedies {
    # Remedy ids of the failing checks, in order, each once.
    param($Document)
    $wanted = New-Object System.Collections.Generic.List[string]
    foreach ($finding in $Document.findings) {
        if ($finding.status -ne 'fail') { continue }
        foreach ($id in @($finding.remedies)) {
            if ($id -and -not $wanted.Contains($id)) { $wanted.Add($id) }
        }
    }
    return , $wanted
}

function Test-UnreadInput {
    # True when esr-diag could not read dsregcmd /status (input.dsregcmd unknown): no remedy
    # is chosen on data that was not there.
    param($Document)
    $source = @($Document.findings | Where-Object { $_.id -eq 'input.dsregcmd' })
    return ($source.Count -gt 0) -and ($source[0].status -eq 'unknown')
}

function Invoke-Remedy {
    # "id=status" for one remedy run; $true in .Ok when it succeeded.
    param([string]$Exe, [string]$Id)
    $run = Invoke-Quiet -FilePath $Exe -Arguments "remedy run $Id --yes --json" -TimeoutSeconds $ToolTimeoutSeconds
    $status = 'failed'
    try {
        $answer = (Get-FirstLine $run.Out) | ConvertFrom-Json
        if ($answer.result) { $status = [string]$answer.result.status }
    } catch { $status = "failed (exit code $($run.Code))" }
    $ok = ($run.Code -eq 0) -and ($status -eq 'done' -or $status -eq 'needs-restart')
    return @{ Text = "$Id=$status"; Ok = $ok }
}

function Invoke-Remediation {
    # Returns @{ Line = ...; Code = ... }.
    param([string]$Exe)
    $check = Invoke-Quiet -FilePath $Exe -Arguments 'check --json' -TimeoutSeconds $ToolTimeoutSeconds
    if ($check.TimedOut -or ($check.Code -ne 0 -and $check.Code -ne 1)) {
        return @{ Line = "ESR REMEDIATE ERROR | check could not run (exit code $($check.Code))"; Code = 2 }
    }
    $document = (Get-FirstLine $check.Out) | ConvertFrom-Json
    if (Test-UnreadInput $document) {
        return @{ Line = 'ESR REMEDIATE SKIPPED | dsregcmd /status could not be read: nothing runs on unknown data | for a technician: capture dsregcmd /status again'; Code = 0 }
    }
    $wanted = Get-WantedRemedies $document
    $safe = Get-UnattendedRemedies $Exe
    $toRun = @($wanted | Where-Object { $safe -contains $_ })
    $forPeople = @($wanted | Where-Object { $safe -notcontains $_ })
    $results = @($toRun | ForEach-Object { Invoke-Remedy -Exe $Exe -Id $_ })
    $ran = ($results | ForEach-Object { $_.Text }) -join ','
    $failed = @($results | Where-Object { -not $_.Ok })
    if (-not $ran) { $ran = '-' }
    $left = $forPeople -join ','
    if (-not $left) { $left = '-' }
    $state = if ($failed.Count -gt 0) { 'FAILED' } elseif ($toRun.Count -gt 0) { 'RAN' } else { 'NOTHING TO RUN' }
    $line = "ESR REMEDIATE $state | ran: $ran | for a technician: $left | capture again in a few minutes"
    $code = if ($failed.Count -gt 0) { 1 } else { 0 }
    return @{ Line = $line; Code = $code }
}

try {
    if (Test-Wow64) {
        $relaunched = Invoke-Native64
        if ($relaunched) {
            Write-Output (Limit-Text (Get-FirstLine $relaunched.Out))
            exit $relaunched.Code
        }
    }
    $exe = Find-EsrDiag
    if (-not $exe) {
        Write-Output (Limit-Text "ESR REMEDIATE ERROR | $ToolName not found under Program Files\$AppFolder")
        exit 2
    }
    $outcome = Invoke-Remediation -Exe $exe
    Write-Output (Limit-Text $outcome.Line)
    exit $outcome.Code
} catch {
    Write-Output (Limit-Text ('ESR REMEDIATE ERROR | remediation script: ' + $_.Exception.Message))
    exit 2
}
