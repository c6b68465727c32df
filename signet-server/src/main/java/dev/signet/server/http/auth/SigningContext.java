package dev.signet.server.http.auth;

import dev.signet.server.service.Caller;

/**
 * A request that passed SigV4: who signed it and what the chunks of a streaming body must chain
 * to. The signing key stays inside this package; no {@code toString} shows it.
 */
public final class SigningContext {
    private final Caller caller;
    private final SignatureParameters parameters;
    private final String amzDate;
    private final byte[] signingKey;
    private final String payloadHash;

    SigningContext(
            Caller caller, SignatureParameters parameters, String amzDate, byte[] signingKey, String payloadHash) {
        this.caller = caller;
        this.parameters = parameters;
        this.amzDate = amzDate;
        this.signingKey = signingKey;
        this.payloadHash = payloadHash;
    }

    public Caller caller() {
        return caller;
    }

    public SignatureParameters parameters() {
        return parameters;
    }

    /** The payload hash that was signed: hex, UNSIGNED-PAYLOAD or a STREAMING-* marker. */
    public String payloadHash() {
        return payloadHash;
    }

    String amzDate() {
        return amzDate;
    }

    byte[] signingKey() {
        return signingKey;
    }

    String seedSignature() {
        return parameters.signature();
    }

    @Override
    public String toString() {
        return "SigningContext[" + caller.accessKeyId() + ", " + parameters.scope() + "]";
    }
}
