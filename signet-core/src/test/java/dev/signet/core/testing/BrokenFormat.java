package dev.signet.core.testing;

import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * A format with a bug, on purpose: it recognises signatures that begin with {@link #MAGIC} and its
 * parser then fails with an {@link IllegalStateException}, none of its declared failures. Registered
 * with {@link java.util.ServiceLoader} by the test resources (and so present in every test that uses
 * signet-core's test-jar), so tests can show that such a failure is reported as Signet's internal
 * error, never as a malformed signature. No real input starts with {@link #MAGIC}.
 */
public final class BrokenFormat implements SignatureFormat {
    public static final String ID = "test-broken";
    public static final byte[] MAGIC = "SIGNET-TEST-BROKEN-FORMAT".getBytes(StandardCharsets.US_ASCII);
    public static final String FAILURE = "BrokenFormat fails on purpose";

    /** A "signature" this format claims, and fails to parse. */
    public static byte[] signature() {
        return MAGIC.clone();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> platformIds() {
        return Set.of();
    }

    @Override
    public boolean detect(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    @Override
    public SignatureEvidence sign(SignRequest request, OutputStream out) {
        throw new IllegalStateException(FAILURE);
    }

    @Override
    public SignatureEvidence verify(Subject subject, byte[] signature) {
        throw new IllegalStateException(FAILURE);
    }
}
