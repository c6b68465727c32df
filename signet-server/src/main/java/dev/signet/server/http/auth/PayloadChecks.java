package dev.signet.server.http.auth;

import java.io.InputStream;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Wraps a body in the checks its headers declare. */
public final class PayloadChecks {
    /** Headers that share the prefix but carry no checksum value: a type, an algorithm, a response mode. */
    private static final java.util.Set<String> NOT_VALUES =
            java.util.Set.of("x-amz-checksum-type", "x-amz-checksum-algorithm", "x-amz-checksum-mode");

    private PayloadChecks() {}

    /** Checks the body against the signed {@code x-amz-content-sha256} hex value. */
    public static InputStream sha256(InputStream body, String expectedHex) {
        return new CheckingInputStream(
                body,
                RunningChecksum.sha256Hex(),
                expectedHex,
                new PayloadRejectedException(
                        "XAmzContentSHA256Mismatch",
                        "InvalidSignatureException",
                        400,
                        "The provided 'x-amz-content-sha256' header does not match what was computed."));
    }

    /** Checks the body against {@code Content-MD5} (base64 of 16 bytes). */
    public static InputStream contentMd5(InputStream body, String contentMd5) throws PayloadRejectedException {
        String value = contentMd5.strip();
        try {
            if (Base64.getDecoder().decode(value).length != 16) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new PayloadRejectedException(
                    "InvalidDigest", "BadRequestException", 400, "The Content-MD5 you specified was invalid.");
        }
        return new CheckingInputStream(
                body,
                RunningChecksum.md5Base64(),
                value,
                new PayloadRejectedException(
                        "BadDigest",
                        "BadRequestException",
                        400,
                        "The Content-MD5 you specified did not match what we received."));
    }

    /** Checks every {@code x-amz-checksum-ALGORITHM} header; an algorithm not verified here is refused. */
    public static InputStream amzChecksumHeaders(
            InputStream body, Function<String, String> header, Enumeration<String> names)
            throws PayloadRejectedException {
        InputStream out = body;
        while (names.hasMoreElements()) {
            String name = names.nextElement().toLowerCase(Locale.ROOT);
            if (!name.startsWith("x-amz-checksum-") || NOT_VALUES.contains(name)) {
                continue;
            }
            Optional<RunningChecksum> checksum = RunningChecksum.forAmzChecksumHeader(name);
            if (checksum.isEmpty()) {
                throw new PayloadRejectedException(
                        "InvalidRequest",
                        "BadRequestException",
                        400,
                        "Unsupported checksum " + name
                                + "; use x-amz-checksum-crc32, -crc32c, -crc64nvme, -sha1 or -sha256.");
            }
            out = new CheckingInputStream(
                    out,
                    checksum.get(),
                    header.apply(name).strip(),
                    new PayloadRejectedException(
                            "BadDigest",
                            "BadRequestException",
                            400,
                            "The " + name + " you specified did not match the calculated checksum."));
        }
        return out;
    }
}
