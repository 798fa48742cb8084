; Inno Setup script for Creagen on Windows (Inno Setup 6). NOT BUILT OR TESTED on the project's
; Linux build machines; it is kept in step with packaging/creagen.spec.
;
; On Windows, from the repository root:
;   py -m venv build\venv && build\venv\Scripts\pip install ".[package]"
;   cd build && venv\Scripts\pyinstaller --noconfirm ..\packaging\creagen.spec --distpath frozen
;   frozen\creagen\creagen-cli.exe --self-test
;   iscc ..\packaging\windows\creagen.iss          -> dist\Creagen-0.1.0-setup.exe
;
; The spec makes two programs in one folder: creagen.exe (the editor, no console window) and
; creagen-cli.exe (the command line: --self-test, suggest). Installs per user by default (no admin
; rights); settings go to the registry (HKCU\Software\Creagen) and recovery files to
; %LOCALAPPDATA%\Creagen, never into the install folder.

#define AppName "Creagen"
#define AppVersion "0.1.0"
#define Frozen "..\..\build\frozen\creagen"

[Setup]
AppId={{6B0E4C1A-3F0B-4B9E-9C53-1E1D8A7C2F40}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Creagen
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=Creagen-{#AppVersion}-setup
SetupIconFile=..\icons\creagen.ico
UninstallDisplayIcon={app}\creagen.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Frozen}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\creagen.exe"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\creagen.exe"; Tasks: desktopicon

[Registry]
; "Open with Creagen" for .txt and .md files (not the default program: the writer chooses).
Root: HKA; Subkey: "Software\Classes\Applications\creagen.exe\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\creagen.exe"" ""%1"""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: none; ValueName: "Applications\creagen.exe"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.md\OpenWithProgids"; ValueType: none; ValueName: "Applications\creagen.exe"; Flags: uninsdeletevalue

[Run]
Filename: "{app}\creagen.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
