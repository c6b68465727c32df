package dev.signet.core.ca;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * PEM armour for certificates (RFC 7468). Decoding accepts only {@code CERTIFICATE} blocks, ignores
 * text between blocks, and refuses input over {@link #MAX_INPUT} characters or more than {@link
 * #MAX_CERTIFICATES} certificates.
 */
public final class Pem {
    public static final int MAX_INPUT = 1 << 20;
    public static final int MAX_CERTIFICATES = 64;
    private static final Pattern LABEL = Pattern.compile("[A-Z0-9 #]{1,40}");

    private Pem() {}

    /** One certificate as a PEM block ending with a newline. */
    public static String encode(X509Certificate certificate) {
        try {
            return encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /** Certificates as consecutive PEM blocks, in order. */
    public static String encode(List<X509Certificate> certificates) {
        StringBuilder sb = new StringBuilder();
        certificates.forEach(c -> sb.append(encode(c)));
        return sb.toString();
    }

    /** Any DER as a PEM block of type {@code label} with 64-character lines. */
    public static String encode(String label, byte[] der) {
        Objects.requireNonNull(label, "label");
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** Decodes the first block labelled {@code label}; refuses text without one. */
    public static byte[] decode(String label, String pem) throws CertificateException {
        Objects.requireNonNull(pem, "pem");
        if (pem.length() > MAX_INPUT) {
            throw new CertificateException("PEM input is larger than " + MAX_INPUT + " characters");
        }
        for (String[] block : blocks(pem)) {
            if (block[0].equals(label)) {
                return base64(block[1]);
            }
        }
        throw new CertificateException("no PEM block labelled " + label);
    }

    /** Every certificate in the PEM text, in order; at least one. */
    public static List<X509Certificate> decodeCertificates(String pem) throws CertificateException {
        Objects.requireNonNull(pem, "pem");
        if (pem.length() > MAX_INPUT) {
            throw new CertificateException("PEM input is larger than " + MAX_INPUT + " characters");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (String[] block : blocks(pem)) {
            if (!block[0].equals("CERTIFICATE")) {
                continue;
            }
            if (out.size() == MAX_CERTIFICATES) {
                throw new CertificateException("more than " + MAX_CERTIFICATES + " certificates");
            }
            out.add(certificate(base64(block[1])));
        }
        if (out.isEmpty()) {
            throw new CertificateException("no PEM CERTIFICATE block found");
        }
        return List.copyOf(out);
    }

    /** Parses one DER certificate. */
    public static X509Certificate certificate(byte[] der) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    }

    /** The {label, body} pairs of the well-formed PEM blocks in {@code text}, in order. */
    static List<String[]> blocks(String text) throws CertificateException {
        List<String[]> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", from);
            if (begin < 0) {
                return out;
            }
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) {
                throw new CertificateException("unterminated PEM header");
            }
            String label = text.substring(begin + 11, labelEnd);
            if (!LABEL.matcher(label).matches()) {
                throw new CertificateException("malformed PEM header");
            }
            String footer = "-----END " + label + "-----";
            int end = text.indexOf(footer, labelEnd + 5);
            if (end < 0) {
                throw new CertificateException("PEM block " + label + " has no END line");
            }
            out.add(new String[] {label, text.substring(labelEnd + 5, end)});
            from = end + footer.length();
        }
    }

    private static byte[] base64(String body) throws CertificateException {
        try {
            return Base64.getDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new CertificateException("PEM body is not valid base64");
        }
    }
}
