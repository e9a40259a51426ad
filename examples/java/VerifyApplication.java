/*
 * Verifies a signed application through jpki's C ABI from Java (JNA), as a
 * bank's Java back end would: a verifier built from the trust anchors and the
 * partition CRL, then the detached signature, its content and what the
 * applicant wrote, checked at a given time. Prints the verdict's JSON (the
 * contract of `jpki verify --json`), whether it is valid, each check's result
 * and the first failure's name.
 *
 *   java -cp /usr/share/java/jna.jar:CLASSES -Djna.library.path=DIR_OF_LIBJPKI_FFI \
 *       VerifyApplication --trust trust.pem --crl partition.crl \
 *       --content form.txt --signature form.p7s --at UNIX_SECONDS \
 *       [--name NAME] [--birth DATE] [--sex male|female|unknown] [--address ADDRESS]
 *
 * --crl may be repeated. Exit status as `jpki verify`: 0 valid, 1 invalid, 2 an
 * input or usage error. scripts/ffi-java.sh compiles and runs it.
 */

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public final class VerifyApplication {
    private static final int EXIT_VALID = 0;
    private static final int EXIT_INVALID = 1;
    private static final int EXIT_INPUT_ERROR = 2;

    private static final String USAGE = "usage: VerifyApplication --trust FILE --crl FILE"
            + " --content FILE --signature FILE --at UNIX_SECONDS"
            + " [--name NAME] [--birth DATE] [--sex male|female|unknown] [--address ADDRESS]";

    private static final String[] CHECK_NAMES = {"signature", "certificate", "revocation",
            "personal_info"};
    private static final int[] CHECKS = {Jpki.CHECK_SIGNATURE, Jpki.CHECK_CERTIFICATE,
            Jpki.CHECK_REVOCATION, Jpki.CHECK_PERSONAL_INFO};

    private VerifyApplication() {}

    /** An input or usage error: its message is printed, and the exit status is 2. */
    private static final class InputError extends Exception {
        private static final long serialVersionUID = 1L;

        InputError(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        // The library's text is UTF-8 whatever the locale: print it as such.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        int status;
        try {
            status = run(args, out);
        } catch (InputError e) {
            err.println("VerifyApplication: " + e.getMessage());
            status = EXIT_INPUT_ERROR;
        }
        out.flush();
        System.exit(status);
    }

    private static int run(String[] args, PrintStream out) throws InputError {
        Map<String, String> options = new HashMap<>();
        List<String> crlFiles = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (!List.of("--trust", "--crl", "--content", "--signature", "--at", "--name",
                    "--birth", "--sex", "--address").contains(option)) {
                throw new InputError("unknown argument " + option + "\n" + USAGE);
            }
            if (i + 1 >= args.length) {
                throw new InputError(option + " needs a value\n" + USAGE);
            }
            String value = args[i + 1];
            // The JVM decodes arguments with the locale's charset; under a non-UTF-8
            // locale a Japanese name arrives as U+FFFD and would mismatch.
            if (value.indexOf('\uFFFD') >= 0) {
                throw new InputError(option + ": not text in the locale's charset ("
                        + System.getProperty("sun.jnu.encoding")
                        + "); run under a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
            }
            if (option.equals("--crl")) {
                crlFiles.add(value);
            } else if (options.put(option, value) != null) {
                throw new InputError(option + " given twice");
            }
        }
        for (String required : List.of("--trust", "--content", "--signature", "--at")) {
            if (!options.containsKey(required)) {
                throw new InputError(required + " is required\n" + USAGE);
            }
        }
        if (crlFiles.isEmpty()) {
            throw new InputError("--crl is required (revocation is hard-fail)\n" + USAGE);
        }
        byte[] trust = read(options.get("--trust"));
        List<byte[]> crls = new ArrayList<>();
        for (String file : crlFiles) {
            crls.add(read(file));
        }
        byte[] content = read(options.get("--content"));
        byte[] signature = read(options.get("--signature"));
        long at;
        try {
            at = Long.parseLong(options.get("--at"));
        } catch (NumberFormatException e) {
            throw new InputError("--at: not Unix seconds: " + options.get("--at"));
        }
        Integer sex = null;
        if (options.containsKey("--sex")) {
            switch (options.get("--sex")) {
                case "male": sex = Jpki.SEX_MALE; break;
                case "female": sex = Jpki.SEX_FEMALE; break;
                case "unknown": sex = Jpki.SEX_UNKNOWN; break;
                default: throw new InputError("--sex: male, female or unknown");
            }
        }

        Jpki jpki;
        try {
            jpki = Jpki.load();
        } catch (UnsatisfiedLinkError e) {
            throw new InputError("cannot load libjpki_ffi (set -Djna.library.path): "
                    + e.getMessage());
        }

        // Every handle is freed in the finally block (free(NULL) does nothing).
        Pointer builder = jpki.jpki_verifier_builder_new();
        Pointer verifier = null;
        Pointer applicant = null;
        Pointer verdict = null;
        try {
            check(jpki, "--trust", jpki.jpki_verifier_builder_add_trust_anchors(builder, trust,
                    size(trust)));
            PointerByReference verifierOut = new PointerByReference();
            Pointer consumed = builder;
            builder = null; // build frees the builder, whatever it returns
            check(jpki, "building the verifier", jpki.jpki_verifier_builder_build(consumed,
                    verifierOut));
            verifier = verifierOut.getValue();
            for (int i = 0; i < crls.size(); i++) {
                byte[] crl = crls.get(i);
                check(jpki, "--crl " + crlFiles.get(i), jpki.jpki_verifier_add_crl(verifier,
                        crl, size(crl), null));
            }

            boolean hasApplicant = options.containsKey("--name")
                    || options.containsKey("--birth") || sex != null
                    || options.containsKey("--address");
            if (hasApplicant) {
                applicant = jpki.jpki_applicant_new();
                if (applicant == null) {
                    throw new InputError("jpki_applicant_new: out of memory");
                }
                if (options.containsKey("--name")) {
                    byte[] name = utf8(options.get("--name"));
                    check(jpki, "--name", jpki.jpki_applicant_set_name(applicant, name,
                            size(name)));
                }
                if (options.containsKey("--birth")) {
                    byte[] birth = utf8(options.get("--birth"));
                    check(jpki, "--birth", jpki.jpki_applicant_set_birth_date(applicant,
                            birth, size(birth)));
                }
                if (sex != null) {
                    check(jpki, "--sex", jpki.jpki_applicant_set_sex(applicant, sex));
                }
                if (options.containsKey("--address")) {
                    byte[] address = utf8(options.get("--address"));
                    check(jpki, "--address", jpki.jpki_applicant_set_address(applicant,
                            address, size(address)));
                }
            }

            // A detached signature: the content is a non-NULL pointer even when empty.
            byte[] contentArg = content.length > 0 ? content : new byte[1];
            PointerByReference verdictOut = new PointerByReference();
            check(jpki, "jpki_verifier_verify", jpki.jpki_verifier_verify(verifier, signature,
                    size(signature), contentArg, size(content), applicant, at, verdictOut));
            verdict = verdictOut.getValue();

            final Pointer v = verdict;
            byte[] json = fetch(jpki, "jpki_verdict_json",
                    (buf, cap, len) -> jpki.jpki_verdict_json(v, buf, cap, len));
            out.println(new String(json, StandardCharsets.UTF_8));
            boolean valid = jpki.jpki_verdict_is_valid(verdict) != 0;
            out.println("valid: " + valid);
            for (int i = 0; i < CHECKS.length; i++) {
                final int which = CHECKS[i];
                IntByReference result = new IntByReference();
                IntByReference error = new IntByReference();
                check(jpki, "jpki_verdict_check", jpki.jpki_verdict_check(verdict, which,
                        result, error));
                StringBuilder line = new StringBuilder(CHECK_NAMES[i]).append(": ")
                        .append(checkResultName(result.getValue()));
                if (error.getValue() != Jpki.RESULT_OK) {
                    byte[] message = fetch(jpki, "jpki_verdict_check_message",
                            (buf, cap, len) -> jpki.jpki_verdict_check_message(v, which, buf,
                                    cap, len));
                    line.append(' ').append(jpki.jpki_result_name(error.getValue()))
                            .append(": ").append(new String(message, StandardCharsets.UTF_8));
                }
                out.println(line);
            }
            IntByReference first = new IntByReference();
            check(jpki, "jpki_verdict_error", jpki.jpki_verdict_error(verdict, first));
            out.println("error: " + jpki.jpki_result_name(first.getValue()));
            return valid ? EXIT_VALID : EXIT_INVALID;
        } finally {
            jpki.jpki_verdict_free(verdict);
            jpki.jpki_applicant_free(applicant);
            jpki.jpki_verifier_free(verifier);
            jpki.jpki_verifier_builder_free(builder);
        }
    }

    /** A call into a caller's buffer: (buf, cap, out_len) -> jpki_result. */
    private interface BufferCall {
        int call(byte[] buf, Jpki.SizeT cap, Jpki.SizeTByReference outLen);
    }

    /**
     * The bytes a BufferCall writes: asked first with a NULL buffer of capacity 0,
     * then (on JPKI_RESULT_BUFFER_TOO_SMALL) with a buffer of the length it gave.
     */
    private static byte[] fetch(Jpki jpki, String what, BufferCall call) throws InputError {
        byte[] buf = null;
        while (true) {
            int cap = buf == null ? 0 : buf.length;
            Jpki.SizeTByReference len = new Jpki.SizeTByReference();
            int r = call.call(buf, new Jpki.SizeT(cap), len);
            if (r == Jpki.RESULT_OK) {
                return buf == null ? new byte[0] : Arrays.copyOf(buf, (int) len.getValue());
            }
            check(jpki, what, r == Jpki.RESULT_BUFFER_TOO_SMALL ? Jpki.RESULT_OK : r);
            // BUFFER_TOO_SMALL: the length needed is in len, and must be more room.
            if (len.getValue() <= cap || len.getValue() > Integer.MAX_VALUE - 8) {
                throw new InputError(what + ": asked for " + len.getValue()
                        + " bytes with a buffer of " + cap);
            }
            buf = new byte[(int) len.getValue()];
        }
    }

    /** Throws an input error naming `what` and the result when it is not OK. */
    private static void check(Jpki jpki, String what, int result) throws InputError {
        if (result == Jpki.RESULT_OK) {
            return;
        }
        Jpki.SizeTByReference len = new Jpki.SizeTByReference();
        String message = "";
        if (jpki.jpki_result_message(result, null, new Jpki.SizeT(0), len)
                == Jpki.RESULT_BUFFER_TOO_SMALL) {
            byte[] buf = new byte[(int) len.getValue()];
            if (jpki.jpki_result_message(result, buf, new Jpki.SizeT(buf.length), len)
                    == Jpki.RESULT_OK) {
                message = ": " + new String(buf, 0, (int) len.getValue(),
                        StandardCharsets.UTF_8);
            }
        }
        throw new InputError(what + ": " + jpki.jpki_result_name(result) + message);
    }

    private static String checkResultName(int result) {
        switch (result) {
            case Jpki.CHECK_RESULT_PASSED: return "passed";
            case Jpki.CHECK_RESULT_FAILED: return "failed";
            case Jpki.CHECK_RESULT_NOT_RUN: return "not_run";
            case Jpki.CHECK_RESULT_OFF: return "off";
            default: return "unknown(" + result + ")";
        }
    }

    private static Jpki.SizeT size(byte[] bytes) {
        return new Jpki.SizeT(bytes.length);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(String file) throws InputError {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new InputError("cannot read " + file + ": " + e);
        }
    }
}
