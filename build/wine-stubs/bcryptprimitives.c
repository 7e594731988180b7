/*
 * Test-only stand-in for bcryptprimitives.dll, which Wine 8 lacks (Wine has it from 9.x). Rust's
 * standard library (>= 1.78) imports ProcessPrng from it, so pydantic-core's and evtx's .pyd files
 * do too. ProcessPrng is forwarded to RtlGenRandom (advapi32!SystemFunction036). Never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}

/* Like the real one, it always returns TRUE: callers (Rust std) treat failure as fatal. */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG chunk = size > 0x10000000 ? 0x10000000 : (ULONG)size;
        SystemFunction036(data, chunk);
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
