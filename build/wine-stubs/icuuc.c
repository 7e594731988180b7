/*
 * Test-only stand-in for Windows 10's system ICU (icuuc.dll), for running PySide6 >= 6.10 under
 * Wine 8, which has no icuuc.dll. Qt6Core.dll imports exactly the 20 functions below (checked with
 * `x86_64-w64-mingw32-objdump -p Qt6Core.dll`). Every converter fails to open, so Qt falls back to
 * its built-in codecs (UTF-8/16/32, Latin-1, the system code page). Never shipped: it lives only in
 * the Wine prefix of the build cache.
 */
#include <stddef.h>
#include <stdint.h>
#include <windows.h>

typedef int32_t UErrorCode;
typedef wchar_t UChar;
typedef int8_t UBool;
typedef struct UConverter UConverter;
typedef void (*UConverterCallback)(void);

enum { U_ZERO_ERROR = 0, U_FILE_ACCESS_ERROR = 4, U_UNSUPPORTED_ERROR = 16 };

static void fail(UErrorCode *err, UErrorCode code)
{
    if (err != NULL && *err <= U_ZERO_ERROR)
        *err = code;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}

UConverter *ucnv_open(const char *name, UErrorCode *err)
{
    (void)name;
    fail(err, U_FILE_ACCESS_ERROR);
    return NULL;
}

void ucnv_close(UConverter *cnv) { (void)cnv; }
void ucnv_reset(UConverter *cnv) { (void)cnv; }
int8_t ucnv_getMaxCharSize(const UConverter *cnv) { (void)cnv; return 1; }
int32_t ucnv_countAvailable(void) { return 0; }
const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }

const char *ucnv_getName(const UConverter *cnv, UErrorCode *err)
{
    (void)cnv;
    fail(err, U_UNSUPPORTED_ERROR);
    return NULL;
}

const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err)
{
    (void)name;
    (void)standard;
    (void)err; /* ICU answers "not found" with NULL and no error */
    return NULL;
}

void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const UChar *units,
                                     int32_t length, int32_t code_point, int32_t reason,
                                     UErrorCode *err)
{
    (void)context; (void)args; (void)units; (void)length; (void)code_point; (void)reason;
    fail(err, U_UNSUPPORTED_ERROR);
}

void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const char *units,
                                   int32_t length, int32_t reason, UErrorCode *err)
{
    (void)context; (void)args; (void)units; (void)length; (void)reason;
    fail(err, U_UNSUPPORTED_ERROR);
}

static void no_callback(UConverterCallback *action, const void **context)
{
    if (action != NULL)
        *action = NULL;
    if (context != NULL)
        *context = NULL;
}

void ucnv_getToUCallBack(const UConverter *cnv, UConverterCallback *action, const void **context)
{
    (void)cnv;
    no_callback(action, context);
}

void ucnv_getFromUCallBack(const UConverter *cnv, UConverterCallback *action, const void **context)
{
    (void)cnv;
    no_callback(action, context);
}

void ucnv_setToUCallBack(UConverter *cnv, UConverterCallback action, const void *context,
                         UConverterCallback *old_action, const void **old_context, UErrorCode *err)
{
    (void)cnv; (void)action; (void)context;
    no_callback(old_action, old_context);
    fail(err, U_UNSUPPORTED_ERROR);
}

void ucnv_setFromUCallBack(UConverter *cnv, UConverterCallback action, const void *context,
                           UConverterCallback *old_action, const void **old_context,
                           UErrorCode *err)
{
    (void)cnv; (void)action; (void)context;
    no_callback(old_action, old_context);
    fail(err, U_UNSUPPORTED_ERROR);
}

void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length, int32_t offset,
                           UErrorCode *err)
{
    (void)args; (void)source; (void)length; (void)offset;
    fail(err, U_UNSUPPORTED_ERROR);
}

void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *limit,
                             int32_t offset, UErrorCode *err)
{
    (void)args; (void)source; (void)limit; (void)offset;
    fail(err, U_UNSUPPORTED_ERROR);
}

void ucnv_toUnicode(UConverter *cnv, UChar **target, const UChar *target_limit,
                    const char **source, const char *source_limit, int32_t *offsets, UBool flush,
                    UErrorCode *err)
{
    (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit;
    (void)offsets; (void)flush;
    fail(err, U_UNSUPPORTED_ERROR);
}

void ucnv_fromUnicode(UConverter *cnv, char **target, const char *target_limit,
                      const UChar **source, const UChar *source_limit, int32_t *offsets,
                      UBool flush, UErrorCode *err)
{
    (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit;
    (void)offsets; (void)flush;
    fail(err, U_UNSUPPORTED_ERROR);
}

int32_t ucnv_toUCountPending(const UConverter *cnv, UErrorCode *err)
{
    (void)cnv;
    (void)err;
    return 0;
}

int32_t ucnv_fromUCountPending(const UConverter *cnv, UErrorCode *err)
{
    (void)cnv;
    (void)err;
    return 0;
}
