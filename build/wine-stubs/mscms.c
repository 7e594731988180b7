/*
 * Test-only replacement of Wine 8's mscms.dll (colour management), which lacks
 * WcsCreateIccProfile: the Qt "windows" platform plugin (qwindows.dll) imports the four functions
 * below and aborts at QApplication() without them. Every call answers "no colour profile", so Qt
 * assumes sRGB. Wine only loads it with WINEDLLOVERRIDES="...;mscms=n,b" (scripts/wine/env.sh,
 * ESR_WINE_STUBS=1), because Wine's own builtin mscms.dll otherwise wins. Never shipped.
 */
#include <windows.h>

typedef HANDLE HPROFILE;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}

HPROFILE WINAPI OpenColorProfileW(void *profile, DWORD access, DWORD share, DWORD creation)
{
    (void)profile; (void)access; (void)share; (void)creation;
    SetLastError(ERROR_FILE_NOT_FOUND);
    return NULL;
}

HPROFILE WINAPI WcsCreateIccProfile(HPROFILE wcs_profile, DWORD options)
{
    (void)wcs_profile; (void)options;
    SetLastError(ERROR_NOT_SUPPORTED);
    return NULL;
}

BOOL WINAPI GetColorProfileFromHandle(HPROFILE profile, PBYTE buffer, PDWORD size)
{
    (void)profile; (void)buffer;
    if (size != NULL)
        *size = 0;
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
}

BOOL WINAPI CloseColorProfile(HPROFILE profile)
{
    (void)profile;
    return TRUE;
}
