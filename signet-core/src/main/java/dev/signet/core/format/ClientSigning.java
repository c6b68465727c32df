package dev.signet.core.format;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The client half of signing an artifact where it lies, so that only a digest and the few fields a
 * format signs leave the machine ({@code signet sign FILE}): {@link #prepare} reads the artifact and
 * says what to send to SignPayload, {@link Prepared#finish} checks what the server returned against
 * what was asked and writes the output, the same structure StartSigningJob writes for that artifact.
 * The server half is the platform's {@link SignatureFormat}, which takes the {@link #payloadFormat}
 * payload as a {@link Subject.Payload} (or, for digest payloads, a {@link Subject.Digest}) and
 * rebuilds every byte it signs from it.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} ({@link ClientSignings}), one
 * per group of platforms, in the package of the format whose bytes they write, and are stateless
 * and thread-safe. A platform without one is signed with StartSigningJob only.
 */
public interface ClientSigning {

    /** The platform ids this signs for; each also has a {@link SignatureFormat}. */
    Set<String> platformIds();

    /** The SignPayload {@code payloadFormat} of the payloads {@link Prepared#payload()} returns for {@code platformId}. */
    String payloadFormat(String platformId);

    /**
     * Where the output goes when the user names none: the detached signature or signed artifact next to
     * {@code artifact}, e.g. {@code FILE.p7s} or {@code NAME.signed.zip}.
     */
    Path defaultOutput(Path artifact);

    /**
     * Whether the output is the artifact itself with its signature embedded (a signed zip), so that
     * writing it over the artifact ({@code --in-place}) leaves a usable artifact. False by default.
     */
    default boolean embedsInArtifact() {
        return false;
    }

    /**
     * Reads the artifact: checks that the platform can sign it (the checks StartSigningJob makes
     * before signing), hashes it, and returns the payload to send.
     *
     * @param progress told of the bytes hashed, as they are
     * @throws FormatException when the artifact cannot be signed on this platform, naming why
     */
    Prepared prepare(String platformId, Path artifact, LongConsumer progress) throws FormatException;

    /**
     * As {@link #prepare(String, Path, LongConsumer)}, for a caller that already holds the output: a
     * new, empty file opened for reading and writing, which it then hands to {@link
     * Prepared#finish(byte[], FileChannel)}. A format whose output embeds the artifact copies the
     * artifact into {@code output} in the same read that hashes it, so that the output holds by
     * construction the bytes that were hashed and {@code finish} only adds the signature, without
     * reading the artifact again. By default nothing is written here.
     */
    default Prepared prepare(String platformId, Path artifact, LongConsumer progress, FileChannel output)
            throws FormatException {
        return prepare(platformId, artifact, progress);
    }

    /** A prepared artifact: what to send, and how to finish once the server answered. */
    interface Prepared {
        /** The SignPayload payload: the artifact's digest and the fields the format signs, nothing else. */
        byte[] payload();

        /**
         * Checks the server's {@code signature} against what was asked (the digest and fields it
         * covers, and its value with the carried signer certificate's key where the format carries one)
         * and writes the output to {@code out}. The artifact is read again where the output embeds it;
         * a change since {@link #prepare} is refused.
         *
         * @throws FormatException when the answer is not a signature over what was asked, or the
         *     artifact changed
         */
        void finish(byte[] signature, OutputStream out) throws FormatException;

        /**
         * As {@link #finish(byte[], OutputStream)}, completing the output that {@link
         * ClientSigning#prepare(String, Path, LongConsumer, FileChannel)} was given (by default,
         * written from its position on through a stream).
         */
        default void finish(byte[] signature, FileChannel output) throws FormatException {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(output), 1 << 16);
            finish(signature, out);
            try {
                out.flush();
            } catch (IOException e) {
                throw new FormatException("cannot write the output: " + e.getMessage(), e);
            }
        }
    }
}
