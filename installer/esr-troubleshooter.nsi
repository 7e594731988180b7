; ESR Troubleshooter installer (NSIS >= 3.08). Built on Linux by build/windows.sh:
;
;   makensis -DVERSION=0.4.0 -DVERSION_QUAD=0.4.0.0 -DSOURCE_DIR=dist/windows/esr-troubleshooter \
;            -DOUT_FILE=dist/ESR-Troubleshooter-0.4.0-setup.exe -DICON=resources/icons/esr.ico \
;            [-DSIGN_CMD=build/sign.sh] installer/esr-troubleshooter.nsi
;
; Per-machine install into "Program Files\ESR Troubleshooter" (admin-only ACLs: the app elevates
; single Windows binaries, so its own files must not be writable by the user), Start-menu
; shortcuts, an uninstaller registered under HKLM\...\Uninstall\ESRTroubleshooter. Installing over
; an existing version first runs that version's uninstaller silently, so no stale file survives.
; Silent: setup.exe /S [/D=C:\Other Dir]  and  Uninstall.exe /S.
; SIGN_CMD is called as `SIGN_CMD "<file>"` for the uninstaller and the installer; it must not
; contain quotes (the NSIS !finalize syntax takes the whole command in one quoted string).

Unicode true
; 64-bit stub: the app is 64-bit only, and the default 32-bit stub silently does nothing under
; 64-bit-only Wine (our CI check).
Target amd64-unicode
ManifestDPIAware true
!ifdef COMPRESSOR
SetCompressor /SOLID ${COMPRESSOR}
!else
SetCompressor /SOLID lzma
!endif

!ifndef VERSION | VERSION_QUAD | SOURCE_DIR | OUT_FILE | ICON
!error "define VERSION, VERSION_QUAD, SOURCE_DIR, OUT_FILE and ICON (see the header)"
!endif

!define PRODUCT "ESR Troubleshooter"
!define PUBLISHER "ESR Troubleshooter maintainers"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\ESRTroubleshooter"
!define UNINSTALLER "Uninstall.exe"
!define APP_EXE "esr-gui.exe"
!define CLI_EXE "esr-diag.exe"
!define BUNDLE_DIR "_internal"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"
!include "WinVer.nsh"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUT_FILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
InstallDirRegKey HKLM "${UNINST_KEY}" "InstallLocation"
RequestExecutionLevel admin
BrandingText "${PRODUCT} ${VERSION}"

!ifdef SIGN_CMD
!uninstfinalize '${SIGN_CMD} "%1"' = 0
!finalize '${SIGN_CMD} "%1"' = 0
!endif

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} Setup"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "Copyright (c) ${PUBLISHER}. MIT License."

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
; No "run now" checkbox on the finish page: the installer runs elevated, and the app must start
; as the signed-in user (asInvoker), never inherit the installer's admin token.
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
    ${IfNot} ${RunningX64}
    ${OrIfNot} ${AtLeastWin10}
        MessageBox MB_ICONSTOP|MB_OK "${PRODUCT} needs 64-bit Windows 10 or later." /SD IDOK
        SetErrorLevel 1
        Abort
    ${EndIf}
    SetShellVarContext all
    SetRegView 64
FunctionEnd

; Upgrade in place: run the installed version's own uninstaller, silently and synchronously
; (_?= keeps it from copying itself to %TEMP% and returning at once), then remove what it
; could not delete while running (itself). Handles an install in a different folder too.
Function RemovePreviousVersion
    ReadRegStr $R0 HKLM "${UNINST_KEY}" "InstallLocation"
    ${If} $R0 != ""
    ${AndIf} ${FileExists} "$R0\${UNINSTALLER}"
        ReadRegStr $R1 HKLM "${UNINST_KEY}" "DisplayVersion"
        DetailPrint "Removing ${PRODUCT} $R1 from $R0"
        ExecWait '"$R0\${UNINSTALLER}" /S _?=$R0' $R2
        Delete "$R0\${UNINSTALLER}"
        RMDir "$R0"
    ${EndIf}
    ; Whatever is left of an older layout (e.g. an uninstaller that failed) is replaced whole.
    RMDir /r "$INSTDIR\${BUNDLE_DIR}"
FunctionEnd

Section "Install"
    Call RemovePreviousVersion

    SetOutPath "$INSTDIR"
    File /r "${SOURCE_DIR}/*"
    WriteUninstaller "$INSTDIR\${UNINSTALLER}"

    CreateDirectory "$SMPROGRAMS\${PRODUCT}"
    CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
    CreateShortcut "$SMPROGRAMS\${PRODUCT}\Uninstall ${PRODUCT}.lnk" "$INSTDIR\${UNINSTALLER}"

    WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
    WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
    WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
    WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
    WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
    WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
    WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
    ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
    WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
    SetShellVarContext all
    SetRegView 64
FunctionEnd

; Removes only what the installer put there (never RMDir /r "$INSTDIR": the folder may have been
; chosen as one that holds other files).
Section "Uninstall"
    Delete "$INSTDIR\${APP_EXE}"
    Delete "$INSTDIR\${CLI_EXE}"
    RMDir /r "$INSTDIR\${BUNDLE_DIR}"
    Delete "$INSTDIR\${UNINSTALLER}"
    RMDir "$INSTDIR"

    Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk"
    Delete "$SMPROGRAMS\${PRODUCT}\Uninstall ${PRODUCT}.lnk"
    RMDir "$SMPROGRAMS\${PRODUCT}"

    DeleteRegKey HKLM "${UNINST_KEY}"
SectionEnd
