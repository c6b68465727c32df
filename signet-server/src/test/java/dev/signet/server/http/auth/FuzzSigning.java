package dev.signet.server.http.auth;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.service.Caller;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The verified request the body fuzz targets start from: the key of {@link SigV4VerifierFuzz}, an S3
 * scope on 2026-12-01 and a fixed seed signature, so committed seeds can carry valid chunk and
 * trailer signatures chained to it.
 */
public final class FuzzSigning {
    static final String AMZ_DATE = "20261201T120000Z";
    static final String SEED_SIGNATURE = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private static final SignatureParameters PARAMETERS = new SignatureParameters(
            SigV4VerifierFuzz.ACCESS_KEY,
            "20261201",
            "us-east-1",
            "s3",
            List.of("host", "x-amz-content-sha256", "x-amz-date"),
            SEED_SIGNATURE,
            Optional.empty());
    private static final byte[] SIGNING_KEY =
            SigV4.signingKey(SigV4VerifierFuzz.SECRET.getBytes(StandardCharsets.UTF_8), "20261201", "us-east-1", "s3");

    private FuzzSigning() {}

    /** The request as verified with {@code payloadHash} signed: hex, UNSIGNED-PAYLOAD or a STREAMING-* marker. */
    public static SigningContext context(String payloadHash) {
        return new SigningContext(
                Caller.administrator(
                        SigV4VerifierFuzz.ACCESS_KEY, "arn:aws:iam::000000000000:user/fuzz", "000000000000"),
                PARAMETERS,
                AMZ_DATE,
                SIGNING_KEY.clone(),
                payloadHash);
    }
}
