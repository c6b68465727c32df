package dev.signet.core.format.cms;

import dev.signet.core.format.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Recognises and unwraps a CMS signature: DER as is, or PEM armour ({@code PKCS7}, {@code CMS},
 * {@code PKCS #7 SIGNED DATA}). Refuses input over {@link #MAX_SIGNATURE_SIZE} bytes.
 */
final class CmsEncoding {
    /** A detached signature with a three-certificate chain is a few KiB; anything near this is hostile. */
    static final int MAX_SIGNATURE_SIZE = 1 << 20;

    private static final List<String> PEM_LABELS = List.of("PKCS7", "CMS", "PKCS #7 SIGNED DATA");
    private static final byte[] SIGNED_DATA_OID = {
        0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x07, 0x02
    };

    private CmsEncoding() {}

    /** Whether {@code head} starts a DER/BER ContentInfo of type signedData, or CMS PEM armour. */
    static boolean detect(byte[] head) {
        return head != null && (isSignedDataDer(head) || pemLabel(head) != null);
    }

    /** The DER bytes of the signature, unwrapping PEM armour. */
    static byte[] der(byte[] signature) throws FormatException {
        if (signature.length > MAX_SIGNATURE_SIZE) {
            throw new FormatException("CMS signature is larger than " + MAX_SIGNATURE_SIZE + " bytes");
        }
        String label = pemLabel(signature);
        if (label == null) {
            return signature;
        }
        String text = new String(signature, StandardCharsets.US_ASCII);
        String header = "-----BEGIN " + label + "-----";
        String footer = "-----END " + label + "-----";
        int start = text.indexOf(header);
        int end = text.indexOf(footer, start + header.length());
        if (end < 0) {
            throw new FormatException("PEM " + label + " armour has no END line");
        }
        String body = text.substring(start + header.length(), end).replaceAll("[\\r\\n\\t ]", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new FormatException("PEM " + label + " body is not valid base64");
        }
    }

    private static boolean isSignedDataDer(byte[] head) {
        if (head.length < 2 || head[0] != 0x30) {
            return false;
        }
        int first = head[1] & 0xff;
        int offset;
        if (first <= 0x80) {
            offset = 2; // short form, or 0x80 = BER indefinite length
        } else {
            int n = first & 0x7f;
            if (n > 4) {
                return false;
            }
            offset = 2 + n;
        }
        if (head.length < offset + SIGNED_DATA_OID.length) {
            return false;
        }
        for (int i = 0; i < SIGNED_DATA_OID.length; i++) {
            if (head[offset + i] != SIGNED_DATA_OID[i]) {
                return false;
            }
        }
        return true;
    }

    private static String pemLabel(byte[] head) {
        int i = 0;
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            i = 3;
        }
        while (i < head.length
                && i < 1024
                && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) {
            i++;
        }
        String start = new String(head, i, Math.min(head.length - i, 64), StandardCharsets.US_ASCII);
        for (String label : PEM_LABELS) {
            if (start.startsWith("-----BEGIN " + label + "-----")) {
                return label;
            }
        }
        return null;
    }
}
