package dev.signet.server.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque {@code nextToken}s: a listing position authenticated with HMAC-SHA256 together with the
 * filter it was issued for. A token that was altered, forged or presented with another filter is
 * refused, so a token can never widen what a listing returns.
 */
public final class PageTokens {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 2048;

    private final SecretKeySpec key;

    /** @param key at least 32 random bytes, kept by the deployment so tokens survive restarts */
    public PageTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a page token key has at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    public String issue(String filterFingerprint, String position) {
        byte[] positionBytes = position.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(positionBytes) + "."
                + ENCODER.encodeToString(mac(filterFingerprint, positionBytes));
    }

    /** The position inside {@code token}, or a ValidationException when it is not one this filter issued. */
    public Optional<String> open(String filterFingerprint, Optional<String> token) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String text = token.get();
        int dot = text.indexOf('.');
        try {
            if (text.length() > MAX_TOKEN_LENGTH || dot < 1) {
                throw new IllegalArgumentException("shape");
            }
            byte[] position = DECODER.decode(text.substring(0, dot));
            byte[] tag = DECODER.decode(text.substring(dot + 1));
            // only the canonical encoding is accepted, so a token has exactly one spelling
            if (!(ENCODER.encodeToString(position) + "." + ENCODER.encodeToString(tag)).equals(text)
                    || !MessageDigest.isEqual(tag, mac(filterFingerprint, position))) {
                throw new IllegalArgumentException("tag");
            }
            return Optional.of(new String(position, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation(
                    "nextToken is invalid: it was not issued by this listing or was issued for different filters");
        }
    }

    private byte[] mac(String filterFingerprint, byte[] position) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(filterFingerprint.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(position);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
