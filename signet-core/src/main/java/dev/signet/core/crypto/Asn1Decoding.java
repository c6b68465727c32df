package dev.signet.core.crypto;

import java.io.IOException;
import java.util.function.Function;

/**
 * Decoding untrusted ASN.1 with BouncyCastle's object model (and the CMS, TSP and PKIX classes
 * built on it), whose ways of saying "this is not the structure asked for" are not one checked
 * exception but these: {@link IOException} from streams and encodings; {@link
 * IllegalArgumentException} from {@code getInstance} and the structure constructors (an unknown
 * object, a sequence of the wrong size, a bad OID or string); {@link IllegalStateException} from
 * accessors ({@code ASN1ParsingException} for corrupt content parsed late, an implicit tag where an
 * explicit one was expected, a time that is no date); and a {@link StackOverflowError} for hostile
 * nesting. {@link #decode} turns exactly those into the caller's declared exception and lets
 * anything else escape as the bug it is, so a step holds BouncyCastle calls and the caller's own
 * refusals only, never other Signet code that could throw the same types for its own reasons.
 */
public final class Asn1Decoding {
    private Asn1Decoding() {}

    /** One decoding step: BouncyCastle calls over untrusted bytes, and the caller's own refusals. */
    @FunctionalInterface
    public interface Step<T, X extends Exception> {
        T run() throws X, IOException;
    }

    /**
     * Runs {@code step}; BouncyCastle's signals of malformed input become {@code refusal.apply(why)}
     * (a one-line reason with the cause attached by the caller), the step's own exceptions pass.
     */
    public static <T, X extends Exception> T decode(Step<T, X> step, Function<Malformed, X> refusal) throws X {
        try {
            return step.run();
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw refusal.apply(new Malformed(oneLine(e), e));
        } catch (StackOverflowError e) {
            throw refusal.apply(new Malformed("ASN.1 nested too deeply", null));
        }
    }

    /** Why the input was refused: a one-line reason, and BouncyCastle's exception when there is one. */
    public record Malformed(String reason, Throwable cause) {}

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceAll("[\\r\\n]+", " ");
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
