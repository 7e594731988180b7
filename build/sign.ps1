<#
.SYNOPSIS
  Authenticode-sign files in place with signtool: the Windows twin of build/sign.sh, used by the
  release workflow for the executables and (through NSIS !finalize / !uninstfinalize) for the
  installer and its uninstaller.

.DESCRIPTION
  pwsh -NoProfile -File build\sign.ps1 FILE [FILE...]

  Key, from the environment (first match wins):
    ESR_SIGN_PKCS12 (+ ESR_SIGN_PASSWORD)   a .pfx file (e.g. decoded from a CI secret)
    ESR_SIGN_CERT_SHA1                      thumbprint of a certificate in the user's store
                                            whose key sits on a token/HSM (EV/OV since 2023)
  ESR_SIGN_TIMESTAMP_URL                    RFC 3161 timestamp server (recommended for releases)
  ESR_SIGN_REQUIRED=1                       fail instead of leaving files unsigned without a key
#>
param(
    [Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)]
    [string[]] $Files
)
$ErrorActionPreference = 'Stop'

function Find-SignTool {
    $found = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" -ErrorAction SilentlyContinue |
        Sort-Object FullName -Descending | Select-Object -First 1
    if (-not $found) { throw 'signtool.exe not found (install the Windows SDK)' }
    return $found.FullName
}

function Get-KeyArguments {
    if ($env:ESR_SIGN_PKCS12) {
        $keyArgs = @('/f', $env:ESR_SIGN_PKCS12)
        if ($env:ESR_SIGN_PASSWORD) { $keyArgs += @('/p', $env:ESR_SIGN_PASSWORD) }
        return $keyArgs
    }
    if ($env:ESR_SIGN_CERT_SHA1) { return @('/sha1', $env:ESR_SIGN_CERT_SHA1) }
    return $null
}

$keyArgs = Get-KeyArguments
if (-not $keyArgs) {
    if ($env:ESR_SIGN_REQUIRED -eq '1') { throw 'ESR_SIGN_REQUIRED=1 but no signing key is configured' }
    Write-Warning "no signing key configured: left unsigned: $($Files -join ', ')"
    exit 0
}

$signtool = Find-SignTool
foreach ($file in $Files) {
    $signArgs = @('sign', '/fd', 'sha256', '/d', 'ESR Troubleshooter') + $keyArgs
    if ($env:ESR_SIGN_TIMESTAMP_URL) { $signArgs += @('/tr', $env:ESR_SIGN_TIMESTAMP_URL, '/td', 'sha256') }
    & $signtool @signArgs $file
    if ($LASTEXITCODE -ne 0) { throw "signtool sign failed on $file" }
    & $signtool verify /pa /q $file
    if ($LASTEXITCODE -ne 0) { throw "signature of $file does not verify" }
    Write-Host "sign: signed $file"
}
