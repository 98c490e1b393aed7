; Inno Setup 6 script: the Windows installer of CyberCabinet.
; (Saved as UTF-8 with a byte-order mark: Inno Setup reads a file without one as ANSI.)
;
; Built by packaging\build.ps1, which passes the version read from pyproject.toml (the only
; place it is written):
;   iscc /DAppVersion=X.Y.Z /DAppVersionNumeric=X.Y.Z.0 packaging\windows\cybercabinet.iss
; It packs the one-folder build dist\cybercabinet\ into dist\CyberCabinet-<version>-setup.exe.
;
; Install for all users (Program Files, needs administrator rights; the default) or for the
; current user only (%LOCALAPPDATA%\Programs, no rights needed): the setup asks, or is told on
; the command line. Silent deployment by an IT provider, per machine:
;   CyberCabinet-X.Y.Z-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS
; Uninstalling never touches the data (%LOCALAPPDATA%\CyberCabinet of each user).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (packaging\build.ps1 does)
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion + ".0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\cybercabinet"
#endif

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{EA4E6B30-8550-4DEE-AB86-CD5362350F29}
AppName=CyberCabinet
AppVersion={#AppVersion}
AppVerName=CyberCabinet {#AppVersion}
AppPublisher=CyberCabinet
AppComments=Cybersecurity self-assessment for medical practices
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductVersion={#AppVersionNumeric}
VersionInfoDescription=CyberCabinet setup
DefaultDirName={autopf}\CyberCabinet
DefaultGroupName=CyberCabinet
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=CyberCabinet-{#AppVersion}-setup
SetupIconFile=..\..\assets\app-icon.ico
UninstallDisplayIcon={app}\cybercabinet.exe
UninstallDisplayName=CyberCabinet {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
Name: "it"; MessagesFile: "compiler:Languages\Italian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole program folder: no library of an older version stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\CyberCabinet"; Filename: "{app}\cybercabinet.exe"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\CyberCabinet"; Filename: "{app}\cybercabinet.exe"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\cybercabinet.exe"; Description: "{cm:LaunchProgram,CyberCabinet}"; Flags: nowait postinstall skipifsilent

[CustomMessages]
fr.AppComment=Autoévaluation de la cybersécurité du cabinet médical
de.AppComment=Selbstbewertung der Cybersicherheit der Arztpraxis
it.AppComment=Autovalutazione della cybersicurezza dello studio medico
en.AppComment=Cybersecurity self-assessment of the medical practice
