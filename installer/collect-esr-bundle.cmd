@echo off
rem ==========================================================================================
rem  collect-esr-bundle.cmd - ESR Troubleshooter collector, built-in Windows tools only.
rem
rem  Usage:   collect-esr-bundle.cmd [OUTPUT-FOLDER]      (default: the current folder)
rem  Run it in a normal, UNELEVATED command prompt as the affected user: the User and SSO state
rem  of dsregcmd and the HKCU keys belong to whoever runs it. It writes
rem      esr-bundle-COMPUTER-YYYYMMDD-HHMMSS.zip   (or a folder when no zip tool is present)
rem  with dsregcmd /status, whoami /upn, reg export of the keys diagnosis reads, the event
rem  channels as wevtutil XML (last 7 days, newest 500 each), manifest.json and capture.json.
rem  The bundle holds personal data (user, computer, tenant names and ids): send it only to
rem  your support, or redact it first with: esr-diag redact BUNDLE --out COPY.zip
rem
rem  Nothing is changed on the device. A missing tool, key or channel is recorded in
rem  capture.json and skipped, never fatal.
rem
rem  The "created" time (ISO 8601 with UTC offset) comes from, in this order:
rem    1. PowerShell  Get-Date -Format o
rem    2. wmic os get LocalDateTime   (yyyymmddHHMMSS.ffffff+MMM, the offset in minutes)
rem    3. %DATE% and %TIME%, read in the order HKCU\Control Panel\International iDate gives,
rem       with the offset from ActiveTimeBias (TimeZoneInformation), else +00:00.
rem  capture.json says which one was used. ESR_COLLECT_CLOCK=wmic or =fallback forces a later
rem  method (for tests). The key and channel lists mirror esr_gui\core\data\*.json.
rem
rem  Written for cmd.exe of Windows 10/11 and also run under Wine's cmd in our tests, so it
rem  keeps to what both understand: %%VAR:~n,m%% substrings only in percent form, one
rem  redirected echo per line, `find` for matching, and !VAR! only for values that hold a
rem  percent sign (event file names use %%4 for "/", as Windows names its own logs).
rem ==========================================================================================
setlocal EnableExtensions EnableDelayedExpansion
set "PRODUCER=collect-esr-bundle.cmd 0.4.0"
set "PCT=%%"
set "SYS32=%SystemRoot%\System32"
set "XPATH=*[System[TimeCreated[timediff(@SystemTime) <= 604800000]]]"
set "MAXEVENTS=500"
rem UTF-8 so that non-ASCII names land in manifest.json as valid JSON; restored at the end.
set "OLDCP="
for /f "tokens=2 delims=:." %%c in ('chcp 2^>nul') do set "OLDCP=%%c"
if defined OLDCP set "OLDCP=%OLDCP: =%"
chcp 65001 >nul 2>&1

set "OUT=%~1"
if "%OUT%"=="" set "OUT=%CD%"
if not exist "%OUT%\" mkdir "%OUT%" >nul 2>&1
if not exist "%OUT%\" (
    echo collect-esr-bundle: cannot create the output folder %OUT% 1>&2
    exit /b 2
)

call :clock
set "NAME=esr-bundle-%COMPUTERNAME%-%STAMP%"
set "B=%OUT%\%NAME%"
mkdir "%B%\registry" "%B%\events" >nul 2>&1
if not exist "%B%\events\" (
    echo collect-esr-bundle: cannot write to %B% 1>&2
    exit /b 2
)
set "STEPSEP= "
set "CHANSEP= "
type nul > "%B%\steps.tmp"
type nul > "%B%\channels.tmp"
echo collect-esr-bundle: writing %B% 1>&2

call :context
call :dsregcmd
call :upn
call :regkey "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion" currentversion.reg
call :regkey "HKLM\SOFTWARE\Policies\Microsoft\Windows\SettingSync" policy-settingsync.reg
call :regkey "HKLM\SOFTWARE\Microsoft\PolicyManager\current\device\Experience" mdm-experience.reg
call :regkey "HKCU\Software\Microsoft\Windows\CurrentVersion\SettingSync" user-settingsync.reg
call :regkey "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\LogonUI" logonui.reg
call :regkey "HKLM\SOFTWARE\Microsoft\EnterpriseDataProtection\Policies" wip-policies.reg
call :regkey "HKLM\SYSTEM\CurrentControlSet\Control\CloudDomainJoin" clouddomainjoin.reg
call :regkey "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\CDJ\AAD" cdj-aad.reg
call :channel "Microsoft-Windows-SettingSync/Debug" direct
call :channel "Microsoft-Windows-SettingSync/Operational" reverse
call :channel "Microsoft-Windows-SettingSync-Azure/Debug" direct
call :channel "Microsoft-Windows-SettingSync-Azure/Operational" reverse
call :channel "Microsoft-Windows-CloudStore/Operational" reverse
call :channel "Microsoft-Windows-AAD/Operational" reverse
call :channel "Microsoft-Windows-User Device Registration/Admin" reverse
call :write_manifest
call :write_capture_log
call :pack
if defined OLDCP chcp %OLDCP% >nul 2>&1
exit /b 0

rem ------------------------------------------------------------------ time and its offset
:clock
set "CREATED="
set "CLOCK="
if /i not "%ESR_COLLECT_CLOCK%"=="wmic" if /i not "%ESR_COLLECT_CLOCK%"=="fallback" call :clock_powershell
if not defined CREATED if /i not "%ESR_COLLECT_CLOCK%"=="fallback" call :clock_wmic
if not defined CREATED call :clock_fallback
set "STAMP=%CREATED:~0,4%%CREATED:~5,2%%CREATED:~8,2%-%CREATED:~11,2%%CREATED:~14,2%%CREATED:~17,2%"
goto :eof

:clock_powershell
set "PS=%SYS32%\WindowsPowerShell\v1.0\powershell.exe"
if not exist "%PS%" goto :eof
set "PSOUT="
for /f "delims=" %%T in ('%PS% -NoProfile -NonInteractive -Command "Get-Date -Format o" 2^>nul') do set "PSOUT=%%T"
if not defined PSOUT goto :eof
rem Accept only yyyy-mm-ddThh:mm:ss(.fffffff)+hh:mm: a stub PowerShell prints nothing or junk.
if not "%PSOUT:~4,1%%PSOUT:~7,1%%PSOUT:~10,1%%PSOUT:~13,1%"=="--T:" goto :eof
if not "%PSOUT:~-3,1%"==":" goto :eof
if not "%PSOUT:~-6,1%"=="+" if not "%PSOUT:~-6,1%"=="-" goto :eof
set "CREATED=%PSOUT%"
set "CLOCK=powershell Get-Date -Format o"
goto :eof

:clock_wmic
set "WV="
set "WMIC=%SYS32%\wbem\wmic.exe"
if not exist "%WMIC%" set "WMIC=%SYS32%\wmic.exe"
if not exist "%WMIC%" goto :eof
for /f "tokens=1" %%T in ('%WMIC% os get LocalDateTime') do call :wmic_line %%T
if not defined WV goto :eof
set "SIGN=%WV:~21,1%"
set "MIN=%WV:~22%"
if not "%SIGN%"=="+" if not "%SIGN%"=="-" goto :eof
call :offset %SIGN% %MIN%
set "CREATED=%WV:~0,4%-%WV:~4,2%-%WV:~6,2%T%WV:~8,2%:%WV:~10,2%:%WV:~12,2%%OFFSET%"
set "CLOCK=wmic os get LocalDateTime"
goto :eof

:wmic_line
set "T=%~1"
if "%T:~14,1%"=="." set "WV=%T%"
goto :eof

:clock_fallback
rem iDate: 0 = M/D/Y, 1 = D/M/Y, 2 = Y/M/D. Day names and separators are skipped.
set "IDATE=0"
for /f "tokens=1-3" %%a in ('reg query "HKCU\Control Panel\International" /v iDate') do if /i "%%b"=="REG_SZ" set "IDATE=%%c"
set "N1="
set "N2="
set "N3="
set "D=%DATE%"
set "D=%D:/= %"
set "D=%D:-= %"
set "D=%D:.= %"
set "D=%D:,= %"
for %%P in (%D%) do call :push %%P
if "%IDATE%"=="0" call :ymd %N3% %N1% %N2%
if "%IDATE%"=="1" call :ymd %N3% %N2% %N1%
if "%IDATE%"=="2" call :ymd %N1% %N2% %N3%
set "HH=0"
set "MI=0"
set "SS=0"
for /f "tokens=1-3 delims=:., " %%a in ("%TIME%") do call :hms %%a %%b %%c
set "AMPM=%TIME%"
if /i "%AMPM:PM=%" neq "%AMPM%" if not "%HH%"=="12" set /a "HH=HH + 12"
if /i "%AMPM:AM=%" neq "%AMPM%" if "%HH%"=="12" set "HH=0"
set "HH=0%HH%"
set "BIAS="
for /f "tokens=1-3" %%a in ('reg query "HKLM\SYSTEM\CurrentControlSet\Control\TimeZoneInformation" /v ActiveTimeBias') do if /i "%%b"=="REG_DWORD" set /a "BIAS=%%c"
set "OFFSET=+00:00"
set "CLOCK=DATE and TIME read with iDate; offset unknown, +00:00 assumed"
if defined BIAS call :bias_offset
set "CREATED=%YY%-%MM%-%DD%T%HH:~-2%:%MI%:%SS%%OFFSET%"
goto :eof

:push
set "P=%~1"
if "%P:~0,1%" lss "0" goto :eof
if "%P:~0,1%" gtr "9" goto :eof
if not defined N1 (set "N1=%P%" & goto :eof)
if not defined N2 (set "N2=%P%" & goto :eof)
if not defined N3 (set "N3=%P%" & goto :eof)
set "N1=%N2%"
set "N2=%N3%"
set "N3=%P%"
goto :eof

:ymd
rem %1 year, %2 month, %3 day -> YY (4 digits), MM, DD (2 digits each)
set "YY=%~1"
if "%YY:~2%"=="" set "YY=20%YY%"
set "MM=0%~2"
set "DD=0%~3"
set "MM=%MM:~-2%"
set "DD=%DD:~-2%"
goto :eof

:hms
rem %1 hours, %2 minutes, %3 seconds (or AM/PM when the locale shows none)
set /a "HH=10%~1 %% 100" >nul 2>&1
set "MI=0%~2"
set "MI=%MI:~-2%"
set "SS=00"
set "S3=%~3"
if defined S3 if "%S3:~0,1%" geq "0" if "%S3:~0,1%" leq "9" set "SS=0%S3:~0,2%"
set "SS=%SS:~-2%"
goto :eof

:bias_offset
rem ActiveTimeBias: minutes to add to local time to get UTC, so the offset is its negation.
if %BIAS% gtr 0 (call :offset - %BIAS%) else (set /a "NEG=0 - BIAS")
if %BIAS% leq 0 call :offset + %NEG%
set "CLOCK=DATE and TIME read with iDate; offset from ActiveTimeBias"
goto :eof

:offset
rem %1 = + or -, %2 = minutes (leading zeros allowed: the 10000 prefix keeps set /a decimal)
set /a "OM=10000%2 %% 10000"
set /a "OH=OM / 60"
set /a "OMM=OM %% 60"
set "OH=0%OH%"
set "OMM=0%OMM%"
set "OFFSET=%1%OH:~-2%:%OMM:~-2%"
goto :eof

rem ------------------------------------------------------------------ who and where
:context
rem whoami /groups lists the mandatory label: High (S-1-16-12288) = elevated, System
rem (S-1-16-16384) = SYSTEM. Without a label in its output, `net session` (admins only) decides.
set "CONTEXT=user"
set "DETECTION=whoami /groups mandatory label"
set "GROUPS=%TEMP%\esr-groups-%RANDOM%.txt"
"%SYS32%\whoami.exe" /groups > "%GROUPS%" 2>nul
rem (errorlevel tests, not && / ||: Wine's cmd runs && even after a failed find)
find "S-1-16-" "%GROUPS%" >nul 2>&1
if errorlevel 1 call :context_net
find "S-1-16-12288" "%GROUPS%" >nul 2>&1
if not errorlevel 1 set "CONTEXT=elevated"
find "S-1-16-16384" "%GROUPS%" >nul 2>&1
if not errorlevel 1 set "CONTEXT=system"
del "%GROUPS%" >nul 2>&1
if /i "%USERNAME%"=="%COMPUTERNAME%$" set "CONTEXT=system"
set "TZNAME="
for /f "tokens=2,*" %%a in ('reg query "HKLM\SYSTEM\CurrentControlSet\Control\TimeZoneInformation" /v TimeZoneKeyName') do if /i "%%a"=="REG_SZ" set "TZNAME=%%b"
set "JUSER=%USERDOMAIN%\\%USERNAME%"
call :step context context ok "%CONTEXT% context, %DETECTION%"
goto :eof

:context_net
set "DETECTION=net session exit code, as whoami showed no mandatory label"
"%SYS32%\net.exe" session >nul 2>&1
if not errorlevel 1 set "CONTEXT=elevated"
goto :eof

rem ------------------------------------------------------------------ dsregcmd and whoami
:dsregcmd
if not exist "%SYS32%\dsregcmd.exe" goto :dsregcmd_missing
"%SYS32%\dsregcmd.exe" /status > "%B%\dsregcmd-status.txt" 2>nul
set "RC=%ERRORLEVEL%"
set "MEMBER=dsregcmd-status.txt"
if "%RC%"=="0" call :step dsregcmd dsregcmd ok ""
if not "%RC%"=="0" call :step dsregcmd dsregcmd failed "dsregcmd /status ended with exit code %RC%"
goto :eof

:dsregcmd_missing
call :step dsregcmd dsregcmd missing "dsregcmd.exe is not present on this system"
goto :eof

:upn
if not exist "%SYS32%\whoami.exe" goto :upn_missing
"%SYS32%\whoami.exe" /upn > "%B%\whoami-upn.txt" 2>nul
set "RC=%ERRORLEVEL%"
find "@" "%B%\whoami-upn.txt" >nul 2>&1
if errorlevel 1 goto :upn_none
set "MEMBER=whoami-upn.txt"
call :step upn upn ok ""
goto :eof

:upn_none
del "%B%\whoami-upn.txt" >nul 2>&1
call :step upn upn missing "whoami /upn gave no user principal name (exit code %RC%)"
goto :eof

:upn_missing
call :step upn upn missing "whoami.exe is not present on this system"
goto :eof

rem ------------------------------------------------------------------ registry
:regkey
rem reg export always includes subkeys; its messages are localized, so only the exit code counts.
set "KEY=%~1"
set "JKEY=%KEY:\=\\%"
"%SYS32%\reg.exe" export "%~1" "%B%\registry\%~2" /y >nul 2>&1
if errorlevel 1 goto :regkey_missing
set "MEMBER=registry/%~2"
call :step registry "registry:%~2" ok ""
goto :eof

:regkey_missing
del "%B%\registry\%~2" >nul 2>&1
call :step registry "registry:%~2" missing "the key %JKEY% does not exist or is not readable (reg export failed)"
goto :eof

rem ------------------------------------------------------------------ event channels
:channel
rem %1 channel, %2 direct (debug/analytic: oldest first only) or reverse
set "CH=%~1"
set "STEM="
for /f "tokens=1,2 delims=/" %%a in ("%~1") do set "STEM=%%a!PCT!4%%b"
set "CUR=%B%\events\current.tmp"
if not exist "%SYS32%\wevtutil.exe" goto :channel_no_tool
if "%~2"=="direct" "%SYS32%\wevtutil.exe" qe "%CH%" "/q:%XPATH%" /f:xml /e:Events /uni:true > "%CUR%" 2>nul
if not "%~2"=="direct" "%SYS32%\wevtutil.exe" qe "%CH%" "/q:%XPATH%" /f:xml /e:Events /uni:true /rd:true /c:%MAXEVENTS% > "%CUR%" 2>nul
set "RC=%ERRORLEVEL%"
set "SIZE=0"
for %%F in ("%CUR%") do set "SIZE=%%~zF"
if "%RC%"=="0" if not "%SIZE%"=="0" goto :channel_ok
del "%CUR%" >nul 2>&1
if "%RC%"=="0" call :chan not-captured "wevtutil.exe gave no output" missing
if "%RC%"=="15007" call :chan not-found "%CH% is not present on this build" missing
if "%RC%"=="15000" call :chan not-found "%CH% is not present on this build" missing
if "%RC%"=="5" call :chan access-denied "reading %CH% needs administrator rights" failed
if "%RC%"=="15022" call :export
for %%C in (0 15007 15000 5 15022) do if "%RC%"=="%%C" goto :eof
call :chan error "wevtutil qe ended with exit code %RC%" failed
goto :eof

:channel_ok
move /y "%CUR%" "%B%\events\!STEM!.xml" >nul
set "MEMBER=events/!STEM!.xml"
call :chan captured "wevtutil qe" ok
goto :eof

:channel_no_tool
call :chan not-captured "wevtutil.exe is not present on this system" missing
goto :eof

:export
rem An enabled debug channel cannot be queried while it runs; an export usually still works.
"%SYS32%\wevtutil.exe" epl "%CH%" "%B%\events\current.evtx" "/q:%XPATH%" /ow:true >nul 2>&1
if errorlevel 1 goto :export_failed
move /y "%B%\events\current.evtx" "%B%\events\!STEM!.evtx" >nul
set "MEMBER=events/!STEM!.evtx"
call :chan captured "enabled debug channel, exported with wevtutil epl" ok
goto :eof

:export_failed
del "%B%\events\current.evtx" >nul 2>&1
call :chan enabled-debug-unreadable "%CH% is an enabled debug channel, which cannot be read while it runs: export it instead" failed
goto :eof

:chan
rem %1 channel state, %2 message, %3 step state; the channel is CH (no percent signs in args)
>>"%B%\channels.tmp" echo     %CHANSEP%{"channel": "%CH%", "state": "%~1", "message": "%~2"}
set "CHANSEP=,"
call :step events "events:%CH%" %3 "%~2"
goto :eof

rem ------------------------------------------------------------------ capture.json pieces
:step
rem %1 kind, %2 step name, %3 state, %4 message; MEMBER names the file written (then cleared)
set "MEMBERS="
if defined MEMBER set "MEMBERS="!MEMBER!""
>>"%B%\steps.tmp" echo     %STEPSEP%{"step": "%~2", "label": "%~2", "kind": "%~1", "state": "%~3", "message": "%~4", "members": [!MEMBERS!]}
set "STEPSEP=,"
set "MEMBER="
>&2 echo   %~3 %~2
goto :eof

:write_manifest
set "M=%B%\manifest.json"
>"%M%" echo {
>>"%M%" echo   "format": "esr-bundle",
>>"%M%" echo   "version": 1,
>>"%M%" echo   "created": "%CREATED%",
>>"%M%" echo   "timezone": "%TZNAME%",
>>"%M%" echo   "computer": "%COMPUTERNAME%",
>>"%M%" echo   "user": "%JUSER%",
>>"%M%" echo   "context": "%CONTEXT%",
>>"%M%" echo   "producer": "%PRODUCER%",
>>"%M%" echo   "redacted": false
>>"%M%" echo }
goto :eof

:write_capture_log
set "L=%B%\capture.json"
>"%L%" echo {
>>"%L%" echo   "format": "esr-capture-log",
>>"%L%" echo   "version": 1,
>>"%L%" echo   "producer": "%PRODUCER%",
>>"%L%" echo   "host": "collect-esr-bundle.cmd",
>>"%L%" echo   "started": "%CREATED%",
>>"%L%" echo   "clock": "%CLOCK%",
>>"%L%" echo   "context": {"context": "%CONTEXT%", "user": "%JUSER%", "computer": "%COMPUTERNAME%", "timezone": "%TZNAME%", "detection": "%DETECTION%"},
>>"%L%" echo   "options": {"events_window_hours": 168, "max_events": %MAXEVENTS%},
>>"%L%" echo   "steps": [
type "%B%\steps.tmp" >> "%L%"
>>"%L%" echo   ],
>>"%L%" echo   "channels": [
type "%B%\channels.tmp" >> "%L%"
>>"%L%" echo   ],
>>"%L%" echo   "warnings": []
>>"%L%" echo }
del "%B%\steps.tmp" "%B%\channels.tmp" >nul 2>&1
goto :eof

rem ------------------------------------------------------------------ zip (or leave the folder)
:pack
set "ZIP=%OUT%\%NAME%.zip"
set "PS=%SYS32%\WindowsPowerShell\v1.0\powershell.exe"
if exist "%SYS32%\tar.exe" "%SYS32%\tar.exe" -a -c -f "%ZIP%" -C "%B%" . >nul 2>&1
if not exist "%ZIP%" if exist "%PS%" "%PS%" -NoProfile -NonInteractive -Command "Compress-Archive -Path '%B%\*' -DestinationPath '%ZIP%'" >nul 2>&1
if exist "%ZIP%" goto :packed
>&2 echo collect-esr-bundle: no zip tool here (tar.exe needs Windows 10 1803 or later^); the bundle is the folder
echo %B%
goto :eof

:packed
rd /s /q "%B%" >nul 2>&1
echo %ZIP%
goto :eof
