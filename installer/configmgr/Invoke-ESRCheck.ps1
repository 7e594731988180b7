<#
.SYNOPSIS
    Configuration Manager Run Script: Enterprise State Roaming device check as compact JSON.

.DESCRIPTION
    Runs "esr-diag.exe check --json --log-json auto" from the ESR Troubleshooter installation
    and prints one compact JSON object of at most 4,000 bytes (ConfigMgr cuts script output at
    4 KB, and a cut JSON object no longer parses):

        {"schema":1,"computer":"PC-0042","state":"FAIL","exit":1,"input":"pass","build":"14393.10",
         "join":"hybrid","context":"system","captured":"...","fail":["ki.mdm-sideload-1607"],
         "warn":["prereq.os-build"],"unknown":0,"headline":"Most likely: ...",
         "action":"Install KB3176934 ...","tool":"esr-diag 0.4.0","truncated":false}

    "state" is OK, WARN, FAIL, UNKNOWN or ERROR, as esr-diag's own "state": UNKNOWN when
    dsregcmd /status could not be read, was not captured, or is partial ("input" then says
    "unknown" or "warn"), never OK. "exit" is esr-diag's own exit code (0 nothing fails,
    1 something fails or UNKNOWN, 2 could not run). When the object would be too long, the headline and
    action are shortened first, then the id lists keep their first entries and say how many
    more there were ("fail_more", "warn_more"), and "truncated" becomes true.

    The script exits 0 whenever the check ran (failing checks are a result, not a script
    failure) and 2 when it could not run. Run Scripts executes as SYSTEM; a 32-bit host
    restarts the script in the 64-bit PowerShell (sysnative). Nothing is written to stderr.
    The full result is also appended to %ProgramData%\ESR Troubleshooter\Logs\esr-diag.jsonl.

    PowerShell 5.1; this file is ASCII only.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
$MaxBytes = 4000
$ToolTimeoutSeconds = 300
$AppFolder = 'ESR Troubleshooter'
$ToolName = 'esr-diag.exe'
$UninstallKey = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\ESRTroubleshooter'
# Windows PowerShell 5.1 can serialise arrays as {"value":[...],"Count":n} because of the
# System.Array type data; without it, ConvertTo-Json writes plain JSON arrays.
Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue

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
    return Invoke-Quiet -FilePath $native -Arguments $arguments -TimeoutSeconds ($ToolTimeoutSeconds + 60)
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

function ConvertTo-Ascii {
    # Printable ASCII only: the console code page of the client cannot spoil it.
    param([string]$Text, [int]$Limit = 400)
    $line = ($Text -replace '[\r\n\t]+', ' ') -replace '[^\x20-\x7E]', '?'
    if ($line.Length -gt $Limit) { $line = $line.Substring(0, $Limit - 3) + '...' }
    return $line
}

function Get-Ids {
    # Callers wrap the result in @(): PowerShell unrolls a returned array of one.
    param($Document, [string]$Status)
    return @($Document.findings | Where-Object { $_.status -eq $Status } | ForEach-Object { [string]$_.id })
}

function New-Summary {
    # The compact object for one check --json document and esr-diag's exit code.
    param($Document, [int]$Code)
    $fail = @(Get-Ids $Document 'fail')
    $warn = @(Get-Ids $Document 'warn')
    # esr-diag's own verdict: UNKNOWN (dsregcmd /status unread or partial) is never OK.
    $state = [string]$Document.state
    if (-not $state) { $state = if ($fail.Count) { 'FAIL' } elseif ($warn.Count) { 'WARN' } else { 'OK' } }
    $source = @($Document.findings | Where-Object { $_.id -eq 'input.dsregcmd' })
    $inputStatus = if ($source.Count -gt 0) { [string]$source[0].status } else { '' }
    $summary = [ordered]@{
        'schema' = 1; 'computer' = $env:COMPUTERNAME; 'state' = $state; 'exit' = $Code
        'input' = $inputStatus
        'build' = [string]$Document.device.build; 'join' = [string]$Document.device.join_type
        'context' = [string]$Document.source.context
        'captured' = [string]$Document.source.created
        'fail' = $fail; 'warn' = $warn; 'unknown' = @(Get-Ids $Document 'unknown').Count
        'headline' = ConvertTo-Ascii ([string]$Document.headline.text)
        'action' = ConvertTo-Ascii ([string]$Document.headline.action)
        'tool' = ConvertTo-Ascii ([string]$Document.tool); 'truncated' = $false
    }
    return $summary
}

function Get-ByteCount {
    param($Summary)
    return [Text.Encoding]::UTF8.GetByteCount(($Summary | ConvertTo-Json -Compress -Depth 4))
}

function Limit-Ids {
    # Keeps the first ids of a list and counts the rest in "<name>_more".
    param($Summary, [string]$Name)
    $ids = @($Summary[$Name])
    while ($ids.Count -gt 0 -and (Get-ByteCount $Summary) -gt $MaxBytes) {
        $ids = @($ids | Select-Object -First ($ids.Count - 1))
        $Summary[$Name] = $ids
        $Summary[$Name + '_more'] = @($Summary[$Name + '_more'])[0] + 1
    }
}

function Limit-Summary {
    # Shortens the summary until its JSON fits in $MaxBytes; says so in "truncated".
    param($Summary)
    if ((Get-ByteCount $Summary) -le $MaxBytes) { return $Summary }
    $Summary['truncated'] = $true
    $Summary['headline'] = ConvertTo-Ascii $Summary['headline'] 120
    $Summary['action'] = ConvertTo-Ascii $Summary['action'] 120
    Limit-Ids $Summary 'warn'
    Limit-Ids $Summary 'fail'
    if ((Get-ByteCount $Summary) -gt $MaxBytes) { $Summary['headline'] = ''; $Summary['action'] = '' }
    return $Summary
}

function Get-ErrorJson {
    param([string]$Message)
    $summary = [ordered]@{ 'schema' = 1; 'computer' = $env:COMPUTERNAME; 'state' = 'ERROR'
        'exit' = 2; 'message' = (ConvertTo-Ascii $Message 1000) }
    return ($summary | ConvertTo-Json -Compress)
}

try {
    if (Test-Wow64) {
        $relaunched = Invoke-Native64
        if ($relaunched) {
            Write-Output (Get-FirstLine $relaunched.Out)
            exit $relaunched.Code
        }
    }
    $exe = Find-EsrDiag
    if (-not $exe) {
        Write-Output (Get-ErrorJson "$ToolName not found under Program Files\$AppFolder")
        exit 2
    }
    $run = Invoke-Quiet -FilePath $exe -Arguments 'check --json --log-json auto' -TimeoutSeconds $ToolTimeoutSeconds
    if ($run.TimedOut -or ($run.Code -ne 0 -and $run.Code -ne 1)) {
        $reason = Get-FirstLine $run.Err
        Write-Output (Get-ErrorJson "check could not run (exit code $($run.Code)) $reason")
        exit 2
    }
    $document = (Get-FirstLine $run.Out) | ConvertFrom-Json
    $summary = Limit-Summary (New-Summary $document $run.Code)
    Write-Output ($summary | ConvertTo-Json -Compress -Depth 4)
    exit 0
} catch {
    Write-Output (Get-ErrorJson ('script: ' + $_.Exception.Message))
    exit 2
}
