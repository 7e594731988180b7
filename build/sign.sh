#!/usr/bin/env bash
# Authenticode signing of Windows executables on Linux (osslsigncode), in place.
#
#   build/sign.sh FILE...            sign each PE file (.exe/.dll); NSIS calls it for the
#                                    installer and the uninstaller (!finalize/!uninstfinalize)
#   build/sign.sh --verify FILE...   check the signatures (against the test CA in test mode)
#   build/sign.sh --ca-file          print the test CA certificate (test mode only)
#   build/sign.sh --describe         print which key is used
#
# The key comes from the environment, first match wins:
#   ESR_SIGN_PKCS12=/path/cert.pfx  ESR_SIGN_PASSWORD=...            a PKCS#12 file
#   ESR_SIGN_PKCS11_MODULE=/usr/lib/.../pkcs11.so                     a token or HSM (the usual
#   ESR_SIGN_PKCS11_CERT='pkcs11:...' ESR_SIGN_PKCS11_KEY='pkcs11:...'  case for public CAs since
#   ESR_SIGN_PASSWORD=<PIN> (optional)                                2023: keys live in hardware)
#   nothing: a throwaway self-signed test certificate, made once into
#            $ESR_BUILD_CACHE/test-signing/ (never in the clone; Windows does not trust it)
# ESR_SIGN_TIMESTAMP_URL=http://...   RFC 3161 timestamp server (needs network; off by default).
# The password is passed to osslsigncode through a private temporary file, never on its
# command line.
set -eu -o pipefail

CACHE="${ESR_BUILD_CACHE:-$HOME/.cache/esr-build}"
TEST_DIR="$CACHE/test-signing"
DESCRIPTION="ESR Troubleshooter"

mode() {
    if [ -n "${ESR_SIGN_PKCS12:-}" ]; then
        echo pkcs12
    elif [ -n "${ESR_SIGN_PKCS11_MODULE:-}" ]; then
        : "${ESR_SIGN_PKCS11_CERT:?ESR_SIGN_PKCS11_CERT must be set with ESR_SIGN_PKCS11_MODULE}"
        : "${ESR_SIGN_PKCS11_KEY:?ESR_SIGN_PKCS11_KEY must be set with ESR_SIGN_PKCS11_MODULE}"
        echo pkcs11
    else
        echo test
    fi
}

# A self-signed code-signing certificate, regenerated when missing or expiring within a day.
ensure_test_cert() {
    if [ -f "$TEST_DIR/cert.pfx" ] && openssl x509 -checkend 86400 -noout -in "$TEST_DIR/cert.pem" >/dev/null; then
        return 0
    fi
    mkdir -p "$TEST_DIR"
    chmod 700 "$TEST_DIR"
    openssl req -x509 -newkey rsa:3072 -sha256 -days 90 -nodes \
        -keyout "$TEST_DIR/key.pem" -out "$TEST_DIR/cert.pem" \
        -subj "/CN=ESR Troubleshooter TEST code signing (untrusted)/O=ESR Troubleshooter maintainers" \
        -addext "extendedKeyUsage=codeSigning" -addext "keyUsage=critical,digitalSignature" \
        -addext "basicConstraints=critical,CA:FALSE" 2>/dev/null
    openssl pkcs12 -export -out "$TEST_DIR/cert.pfx" -inkey "$TEST_DIR/key.pem" \
        -in "$TEST_DIR/cert.pem" -passout pass:test
    echo "sign: generated a test certificate in $TEST_DIR" >&2
}

# osslsigncode options selecting the key (and the password file in $PASS_FILE, if any).
key_options() {
    case "$(mode)" in
        pkcs12)
            KEY_OPTS=(-pkcs12 "$ESR_SIGN_PKCS12")
            ;;
        pkcs11)
            KEY_OPTS=(-pkcs11module "$ESR_SIGN_PKCS11_MODULE" -pkcs11cert "$ESR_SIGN_PKCS11_CERT"
                -key "$ESR_SIGN_PKCS11_KEY")
            ;;
        test)
            ensure_test_cert
            KEY_OPTS=(-pkcs12 "$TEST_DIR/cert.pfx" -pass test) # a throwaway key: no secret
            return 0
            ;;
    esac
    if [ -n "${ESR_SIGN_PASSWORD:-}" ]; then
        PASS_FILE="$(mktemp)"
        chmod 600 "$PASS_FILE"
        printf '%s' "$ESR_SIGN_PASSWORD" >"$PASS_FILE"
        KEY_OPTS+=(-readpass "$PASS_FILE")
    fi
}

cleanup() {
    if [ -n "${PASS_FILE:-}" ]; then
        rm -f "$PASS_FILE"
    fi
}

sign_file() {
    local file="$1" tmp="$1.signing"
    local ts=()
    if [ -n "${ESR_SIGN_TIMESTAMP_URL:-}" ]; then
        ts=(-ts "$ESR_SIGN_TIMESTAMP_URL")
    fi
    # A file PyInstaller or NSIS just wrote carries no signature; one signed before is re-signed.
    if osslsigncode extract-signature -in "$file" -out /dev/null >/dev/null 2>&1; then
        osslsigncode remove-signature -in "$file" -out "$tmp" >/dev/null
        mv "$tmp" "$file"
    fi
    osslsigncode sign "${KEY_OPTS[@]}" -h sha256 -n "$DESCRIPTION" "${ts[@]}" \
        -in "$file" -out "$tmp" >/dev/null
    mv "$tmp" "$file"
    echo "sign: signed $(basename "$file") ($(mode) key)" >&2
}

verify_file() {
    local file="$1" ca=()
    if [ "$(mode)" = test ]; then
        ca=(-CAfile "$TEST_DIR/cert.pem")
    fi
    local out
    if ! out="$(osslsigncode verify "${ca[@]}" -in "$file" 2>&1)"; then
        printf '%s\n' "$out" >&2
        echo "sign: signature check FAILED: $file" >&2
        return 1
    fi
    echo "sign: signature ok: $(basename "$file")" >&2
}

main() {
    local file
    trap cleanup EXIT
    case "${1:-}" in
        --describe)
            mode
            ;;
        --ca-file)
            [ "$(mode)" = test ] || { echo "sign: --ca-file is for the test certificate" >&2; return 2; }
            ensure_test_cert
            echo "$TEST_DIR/cert.pem"
            ;;
        --verify)
            shift
            [ "$(mode)" = test ] && ensure_test_cert
            for file in "$@"; do
                verify_file "$file"
            done
            ;;
        "" | -*)
            echo "usage: build/sign.sh FILE... | --verify FILE... | --ca-file | --describe" >&2
            return 2
            ;;
        *)
            key_options
            for file in "$@"; do
                sign_file "$file"
            done
            ;;
    esac
}

main "$@"
