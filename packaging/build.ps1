<#
.SYNOPSIS
    Build CyberCabinet for Windows: the one-folder bundle, a zip of it, and the installer.

.DESCRIPTION
    From a checkout, in PowerShell (Windows 10/11, x64):

        powershell -ExecutionPolicy Bypass -File packaging\build.ps1

    Needs Python 3.11 (python.org installer, with the "py" launcher) and Inno Setup 6
    (winget install JRSoftware.InnoSetup) for the installer. The script creates .venv if needed,
    installs exactly the versions of requirements\lock.txt (hashes checked; PyInstaller and
    psycopg are in it) and then the project, as the Makefile does, compiles the translation
    catalogs, runs PyInstaller on packaging\cybercabinet.spec, zips dist\cybercabinet\ and runs
    Inno Setup on packaging\windows\cybercabinet.iss with the version read from pyproject.toml.

    Results in dist\:
        cybercabinet\cybercabinet.exe               the program (with _internal\)
        cybercabinet-<version>-windows-x64.zip      the same folder, for a portable install
        CyberCabinet-<version>-setup.exe            the installer

.PARAMETER NoInstaller
    Stop after the bundle and the zip (no Inno Setup needed).

.PARAMETER SignThumbprint
    SHA-1 thumbprint of a code-signing certificate in the certificate store: signs
    cybercabinet.exe and the installer with signtool (Windows SDK), timestamped. Unsigned
    programs trigger SmartScreen warnings and more antivirus false positives.

.PARAMETER TimestampUrl
    RFC 3161 timestamping service for signtool (default: DigiCert's).
#>
[CmdletBinding()]
param(
    [switch]$NoInstaller,
    [string]$SignThumbprint = "",
    [string]$TimestampUrl = "http://timestamp.digicert.com"
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
$Python = Join-Path $Root ".venv\Scripts\python.exe"

function Invoke-Checked {
    # Run a program; stop the build when it fails.
    param([string]$Program, [string[]]$Arguments)
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$Program $($Arguments -join ' ') failed (exit code $LASTEXITCODE)"
    }
}

function Find-Tool {
    param([string]$Name, [string[]]$Candidates)
    $command = Get-Command $Name -ErrorAction SilentlyContinue
    if ($command) { return $command.Source }
    foreach ($candidate in $Candidates) {
        if ($candidate -and (Test-Path $candidate)) { return $candidate }
    }
    return $null
}

function Invoke-Signing {
    param([string]$File)
    $kits = @(Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" `
        -ErrorAction SilentlyContinue | Sort-Object FullName | ForEach-Object { $_.FullName })
    $signtool = Find-Tool "signtool.exe" ($kits | Select-Object -Last 1)
    if (-not $signtool) { throw "signtool.exe not found: install the Windows SDK." }
    Write-Host "==> Signing $File"
    Invoke-Checked $signtool @("sign", "/sha1", $SignThumbprint, "/fd", "SHA256",
        "/tr", $TimestampUrl, "/td", "SHA256", $File)
}

if (-not (Test-Path $Python)) {
    Write-Host "==> Creating .venv"
    $launcher = Get-Command "py" -ErrorAction SilentlyContinue
    if ($launcher) { Invoke-Checked "py" @("-3.11", "-m", "venv", ".venv") }
    else { Invoke-Checked "python" @("-m", "venv", ".venv") }
}

# The lock first (exact versions, hashes checked, nothing resolved), then the project itself built
# with the lock's setuptools, without reaching for anything else: the Makefile's $(STAMP) rule.
Write-Host "==> Installing the locked dependencies (requirements\lock.txt) and CyberCabinet"
Invoke-Checked $Python @("-m", "pip", "install", "--quiet", "--require-hashes", "--no-deps",
    "-r", "requirements\lock.txt")
Invoke-Checked $Python @("-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
    "-e", ".")
Invoke-Checked $Python @("-m", "pip", "check")

Write-Host "==> Compiling the translation catalogs"
Invoke-Checked (Join-Path $Root ".venv\Scripts\pybabel.exe") @("compile",
    "--domain=cybercabinet", "--directory=i18n", "--statistics")

# The version, from pyproject.toml only.
$Version = (& $Python -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "Cannot read the version from pyproject.toml" }
$Numbers = @([regex]::Matches($Version, "\d+") | Select-Object -First 4 | ForEach-Object { $_.Value })
while ($Numbers.Count -lt 4) { $Numbers += "0" }
$VersionNumeric = $Numbers -join "."

Write-Host "==> Building CyberCabinet $Version with PyInstaller"
Invoke-Checked $Python @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", "dist", "--workpath", "build\pyinstaller", "packaging\cybercabinet.spec")
$Exe = Join-Path $Root "dist\cybercabinet\cybercabinet.exe"
if ($SignThumbprint) { Invoke-Signing $Exe }

Write-Host "==> Checking the program starts"
Invoke-Checked $Exe @("--version")

$Zip = Join-Path $Root "dist\cybercabinet-$Version-windows-x64.zip"
Write-Host "==> Packing $Zip"
if (Test-Path $Zip) { Remove-Item $Zip }
Compress-Archive -Path (Join-Path $Root "dist\cybercabinet") -DestinationPath $Zip

if ($NoInstaller) {
    Write-Host "Built dist\cybercabinet\ and $Zip (no installer: -NoInstaller)."
    exit 0
}

$Iscc = Find-Tool "iscc.exe" @(
    "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
    "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
    "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")
if (-not $Iscc) {
    throw "Inno Setup 6 not found: install it (winget install JRSoftware.InnoSetup) or run with -NoInstaller."
}
Write-Host "==> Building the installer with Inno Setup"
Invoke-Checked $Iscc @("/Qp", "/DAppVersion=$Version", "/DAppVersionNumeric=$VersionNumeric",
    "packaging\windows\cybercabinet.iss")
$Setup = Join-Path $Root "dist\CyberCabinet-$Version-setup.exe"
if ($SignThumbprint) { Invoke-Signing $Setup }

Write-Host "Built dist\cybercabinet\, $Zip and $Setup"
