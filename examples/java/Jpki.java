/*
 * The part of jpki's C ABI (include/jpki.h, library libjpki_ffi) that
 * VerifyApplication uses, mapped with JNA. Not a Java library: an example of
 * the mapping, function by function as the header declares it.
 *
 * Types, as the header has them on every platform JNA runs on:
 *
 *   opaque handle (jpki_verifier *, ...)  Pointer (NULL is null)
 *   handle out-parameter (jpki_verdict **)  PointerByReference
 *   jpki_result, jpki_check, jpki_sex ...   int: a uint32_t (every code is
 *                                           below 2^31, so never negative)
 *   jpki_check_result *, jpki_result *      IntByReference
 *   size_t                                  SizeT: Native.SIZE_T_SIZE bytes
 *   size_t *                                SizeTByReference
 *   int64_t                                 long
 *   bool (returned)                         byte, true when not 0: C's bool is
 *                                           one byte, and JNA's boolean is a
 *                                           32-bit int, whose upper bytes a
 *                                           returned bool leaves undefined
 *   const uint8_t * + size_t                byte[] + SizeT (JNA copies the
 *                                           array to native memory for the call)
 *   uint8_t *buf (caller's buffer)          byte[], or null with capacity 0
 *   const char * (static, NUL-terminated)   String (never freed)
 *
 * Text goes in as UTF-8 bytes and a length, never NUL-terminated.
 */

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.ByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

public interface Jpki extends Library {
    /** The library: libjpki_ffi.so, found on -Djna.library.path (or the system's). */
    static Jpki load() {
        return Native.load("jpki_ffi", Jpki.class);
    }

    // Enum values used here, named as in include/jpki.h without its JPKI_ prefix
    // (scripts/ffi-java.sh checks each against the header).

    // jpki_result values.
    int RESULT_OK = 0;
    int RESULT_BUFFER_TOO_SMALL = 9001;

    // jpki_check values.
    int CHECK_SIGNATURE = 1;
    int CHECK_CERTIFICATE = 2;
    int CHECK_REVOCATION = 3;
    int CHECK_PERSONAL_INFO = 4;

    // jpki_check_result values.
    int CHECK_RESULT_PASSED = 1;
    int CHECK_RESULT_FAILED = 2;
    int CHECK_RESULT_NOT_RUN = 3;
    int CHECK_RESULT_OFF = 4;

    // jpki_sex values.
    int SEX_MALE = 1;
    int SEX_FEMALE = 2;
    int SEX_UNKNOWN = 3;

    /** C's size_t: as wide as the platform's (Native.SIZE_T_SIZE bytes), unsigned. */
    final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;

        public SizeT() {
            this(0);
        }

        public SizeT(long value) {
            super(Native.SIZE_T_SIZE, value, true);
        }
    }

    /** A size_t * out-parameter. */
    final class SizeTByReference extends ByReference {
        public SizeTByReference() {
            super(Native.SIZE_T_SIZE);
            getPointer().setMemory(0, Native.SIZE_T_SIZE, (byte) 0);
        }

        /** The size_t written, as a long (a size_t above 2^63 cannot occur here). */
        public long getValue() {
            return Native.SIZE_T_SIZE == 8
                    ? getPointer().getLong(0)
                    : Integer.toUnsignedLong(getPointer().getInt(0));
        }
    }

    // The verifier builder and the verifier.
    Pointer jpki_verifier_builder_new();

    int jpki_verifier_builder_add_trust_anchors(Pointer builder, byte[] data, SizeT len);

    /** Consumes (frees) the builder whatever the result. */
    int jpki_verifier_builder_build(Pointer builder, PointerByReference verifierOut);

    void jpki_verifier_builder_free(Pointer builder);

    /** changeOut may be null (it is optional). */
    int jpki_verifier_add_crl(Pointer verifier, byte[] data, SizeT len, IntByReference changeOut);

    int jpki_verifier_verify(Pointer verifier, byte[] signature, SizeT signatureLen,
            byte[] content, SizeT contentLen, Pointer applicant, long at,
            PointerByReference verdictOut);

    void jpki_verifier_free(Pointer verifier);

    // What the applicant wrote.
    Pointer jpki_applicant_new();

    int jpki_applicant_set_name(Pointer applicant, byte[] name, SizeT len);

    int jpki_applicant_set_birth_date(Pointer applicant, byte[] text, SizeT len);

    int jpki_applicant_set_sex(Pointer applicant, int sex);

    int jpki_applicant_set_address(Pointer applicant, byte[] address, SizeT len);

    void jpki_applicant_free(Pointer applicant);

    // The verdict.
    byte jpki_verdict_is_valid(Pointer verdict);

    int jpki_verdict_error(Pointer verdict, IntByReference errorOut);

    int jpki_verdict_check(Pointer verdict, int check, IntByReference resultOut,
            IntByReference errorOut);

    int jpki_verdict_check_message(Pointer verdict, int check, byte[] buf, SizeT cap,
            SizeTByReference outLen);

    int jpki_verdict_json(Pointer verdict, byte[] buf, SizeT cap, SizeTByReference outLen);

    void jpki_verdict_free(Pointer verdict);

    // Result codes.
    String jpki_result_name(int result);

    int jpki_result_message(int result, byte[] buf, SizeT cap, SizeTByReference outLen);
}
