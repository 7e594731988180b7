<#
.SYNOPSIS
    Intune Remediations detection script: Enterprise State Roaming device check (SYSTEM).

.DESCRIPTION
    Runs "esr-diag.exe check --intune" from the ESR Troubleshooter installation and passes on
    its one-line summary (at most 2048 characters) and its verdict:

        exit 0  nothing fails              (Intune: without issues; remediation does not run)
        exit 1  at least one check fails   (Intune: with issues; the remediation script runs)
                or ESR UNKNOWN: dsregcmd /status could not be read or is partial, so the
                device must not read "without issues" (the remediation runs nothing on
                an unread dsregcmd /status)
        exit 2  the check could not run    (never 1, so a tool error never triggers a fix)

    Deploy with "Run this script using the logged-on credentials" = No (SYSTEM) and
    "Run script in 64-bit PowerShell" = Yes. Started by a 32-bit host anyway, the script starts
    itself again in the 64-bit PowerShell (sysnative) and passes on that run's output and exit
    code. Nothing is ever written to stderr: Intune counts any stderr output as a script error.
    The result is also appended to %ProgramData%\ESR Troubleshooter\Logs\esr-diag.jsonl
    (--log-json auto) for log collection.

    PowerShell 5.1; this file is ASCII only (UTF-8 without BOM reads the same in every code page).
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
$MaxOutput = 2048
$ToolTimeoutSeconds = 300
$UseLogJson = $true
$AppFolder = 'ESR Troubleshooter'
$ToolName = 'esr-diag.exe'
$UninstallKey = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\ESRTroubleshooter'

function Limit-Text {
    # One line of printable ASCII, cut to the limit with "..." (Intune keeps 2048 characters).
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
    # True in a 32-bit PowerShell on 64-bit Windows (the Intune default host).
    return [bool]$env:PROCESSOR_ARCHITEW6432 -and -not [Environment]::Is64BitProcess
}

function Invoke-Native64 {
    # Runs this same script in the 64-bit PowerShell; returns its output and exit code.
    $native = Join-Path $env:WINDIR 'sysnative\WindowsPowerShell\v1.0\powershell.exe'
    if (-not (Test-Path -LiteralPath $native -PathType Leaf)) { return $null }
    $arguments = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + $PSCommandPath + '"'
    return Invoke-Quiet -FilePath $native -Arguments $arguments -TimeoutSeconds ($ToolTimeoutSeconds + 60)
}

function Find-EsrDiag {
    # Program Files (64-bit first, also from a 32-bit host), then the installer's own record.
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

function Get-DetectionExitCode {
    # esr-diag: 0 nothing fails, 1 something fails, anything else could not run.
    param([int]$ToolCode)
    if ($ToolCode -eq 0) { return 0 }
    if ($ToolCode -eq 1) { return 1 }
    return 2
}

function Get-FirstLine {
    param([string]$Text)
    $lines = @($Text -split "`r?`n" | Where-Object { $_.Trim() })
    if ($lines.Count -gt 0) { return $lines[0] }
    return ''
}

try {
    if (Test-Wow64) {
        $relaunched = Invoke-Native64
        if ($relaunched) {
            Write-Output (Limit-Text (Get-FirstLine $relaunched.Out))
            exit (Get-DetectionExitCode $relaunched.Code)
        }
    }
    $exe = Find-EsrDiag
    if (-not $exe) {
        Write-Output (Limit-Text "ESR ERROR | $ToolName not found under Program Files\$AppFolder: deploy the ESR Troubleshooter Win32 app first")
        exit 2
    }
    $toolArgs = 'check --intune'
    if ($UseLogJson) { $toolArgs += ' --log-json auto' }
    $run = Invoke-Quiet -FilePath $exe -Arguments $toolArgs -TimeoutSeconds $ToolTimeoutSeconds
    if ($run.TimedOut) {
        Write-Output (Limit-Text "ESR ERROR | $ToolName did not finish within $ToolTimeoutSeconds seconds")
        exit 2
    }
    $line = Get-FirstLine $run.Out
    if (-not $line) { $line = "ESR ERROR | $ToolName printed nothing (exit code $($run.Code))" }
    Write-Output (Limit-Text $line)
    exit (Get-DetectionExitCode $run.Code)
} catch {
    Write-Output (Limit-Text ('ESR ERROR | detection script: ' + $_.Exception.Message))
    exit 2
}
