package dev.signet.core.revocation;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.Jose;
import dev.signet.core.crypto.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Revocation lists and hand-made JWS documents for the revocation tests. */
final class RevocationSamples {
    static final String ARN = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/demo";

    private RevocationSamples() {}

    /** Signature ids the first sample profile version spares (made before its effective time, no signing time). */
    static final List<String> SPARED = List.of("0f".repeat(32), "c3".repeat(32));

    /**
     * A list issued at {@code issuedAt} naming {@code signatures} signatures and two profile versions,
     * the first sparing {@link #SPARED}.
     */
    static RevocationList list(Instant issuedAt, int signatures) {
        Random random = new Random(signatures);
        List<RevokedSignature> revoked = java.util.stream.IntStream.range(0, signatures)
                .mapToObj(i -> {
                    byte[] id = new byte[32];
                    random.nextBytes(id);
                    return new RevokedSignature(
                            HexFormat.of().formatHex(id),
                            "arn:aws:signer:us-east-1:000000000000:/signing-jobs/job-" + i,
                            issuedAt.minus(Duration.ofMinutes(i + 1)));
                })
                .toList();
        return new RevocationList(
                issuedAt,
                issuedAt.plus(Duration.ofDays(7)),
                revoked,
                List.of(
                        new RevokedProfileVersion(
                                ARN + "/AbCdEf1234",
                                issuedAt.minus(Duration.ofDays(2)),
                                issuedAt.minusSeconds(30),
                                SPARED),
                        new RevokedProfileVersion(
                                ARN + "/ZyXwVu9876", issuedAt.minus(Duration.ofHours(3)), issuedAt.minusSeconds(20))));
    }

    /** A JWS compact serialization of exactly these header and payload texts, ES384-signed by {@code key}. */
    static byte[] jws(String header, String payload, SigningKey key) {
        String input = Jose.base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + Jose.base64Url(payload.getBytes(StandardCharsets.UTF_8));
        byte[] der = key.sign(HashAlgorithm.SHA384, input.getBytes(StandardCharsets.US_ASCII));
        return (input + "." + Jose.base64Url(Jose.ecdsaDerToJose(der, 48))).getBytes(StandardCharsets.US_ASCII);
    }

    /** The decoded header of a JWS compact serialization. */
    static String header(byte[] jws) {
        String text = new String(jws, StandardCharsets.US_ASCII);
        return new String(
                Jose.decodeBase64Url(text.substring(0, text.indexOf('.'))).orElseThrow(), StandardCharsets.UTF_8);
    }

    /** The decoded payload of a JWS compact serialization. */
    static String payload(byte[] jws) {
        String[] parts = new String(jws, StandardCharsets.US_ASCII).split("\\.");
        return new String(Jose.decodeBase64Url(parts[1]).orElseThrow(), StandardCharsets.UTF_8);
    }

    /**
     * The positions to change in a document of {@code length} bytes: all of the first {@code
     * head} and last 256, plus {@code sampled} positions drawn with a fixed seed.
     */
    static int[] positions(int length, int head, int sampled) {
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (int i = 0; i < Math.min(length, head); i++) {
            out.add(i);
        }
        for (int i = Math.max(0, length - 256); i < length; i++) {
            out.add(i);
        }
        Random random = new Random(20261127);
        for (int i = 0; i < sampled && length > 0; i++) {
            out.add(random.nextInt(length));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code original} with the byte at {@code position} replaced by a different value. */
    static byte[] changed(byte[] original, int position, int variant) {
        byte[] copy = original.clone();
        int delta = variant == 0 ? 1 << (position % 8) : 1 + new Random(position * 31L + variant).nextInt(255);
        copy[position] = (byte) (variant == 0 ? copy[position] ^ delta : copy[position] + delta);
        return copy;
    }
}
