package dev.signet.core.format.freertos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.crypto.BoundedCache;
import dev.signet.core.crypto.CertificateCache;
import dev.signet.core.format.ArtifactLocation;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The members of an IoT JSON signature read up to the payload: what {@link IotJsonReader} found in
 * the head of the document, with the certificates decoded.
 */
record IotJsonDocument(long rawPayloadSize, byte[] signature, String algorithm, List<X509Certificate> chain) {
    static final int MAX_SIGNATURE_CHARS = 2048;
    static final int MAX_CERTIFICATE_CHARS = 16 * 1024;
    static final int MAX_CERTIFICATES = 8;
    static final int MAX_LOCATION = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_CACHED = 256;
    private static final int MAX_CACHED_DER = 8 * 1024;
    private static final BoundedCache<String, X509Certificate> CARRIED = new BoundedCache<>(MAX_CACHED);

    IotJsonDocument {
        signature = signature.clone();
        chain = List.copyOf(chain);
    }

    static IotJsonDocument readHead(IotJsonReader reader) throws IOException, FormatException {
        reader.expect("{\"rawPayloadSize\":");
        long size = reader.number(15);
        reader.expect(",\"signature\":\"");
        byte[] signature = reader.base64(MAX_SIGNATURE_CHARS);
        reader.expect(",\"signatureAlgorithm\":\"");
        String algorithm = reader.text(32);
        reader.expect(",\"certificateChain\":[\"");
        List<X509Certificate> chain = new ArrayList<>();
        while (true) {
            chain.add(certificate(reader.text(MAX_CERTIFICATE_CHARS)));
            if (reader.peek() != ',') {
                break;
            }
            if (chain.size() == MAX_CERTIFICATES) {
                throw new FormatException("more than " + MAX_CERTIFICATES + " certificates");
            }
            reader.expect(",\"");
        }
        reader.expect("]");
        return new IotJsonDocument(size, signature, algorithm, chain);
    }

    /** Reads {@code ,"payloadLocation":{...}} if present, then the closing brace and the end. */
    static Optional<ArtifactLocation> readDetachedTail(IotJsonReader reader) throws IOException, FormatException {
        if (reader.peek() == '}') {
            reader.expect("}");
            reader.expectEnd();
            return Optional.empty();
        }
        reader.expect(",\"payloadLocation\":");
        byte[] rest = new byte[MAX_LOCATION + 2];
        int n = 0;
        for (int c = reader.read(); c >= 0; c = reader.read()) {
            if (n == rest.length) {
                throw new FormatException("payloadLocation is longer than " + MAX_LOCATION + " bytes");
            }
            rest[n++] = (byte) c;
        }
        if (n < 2 || rest[n - 1] != '}') {
            throw new FormatException("the JSON document does not end with }");
        }
        byte[] json = Arrays.copyOf(rest, n - 1);
        ArtifactLocation location = location(json);
        if (!Arrays.equals(IotJsonWriter.location(location), json)) {
            throw new FormatException("payloadLocation is not in Signet's canonical form");
        }
        return Optional.of(location);
    }

    private static ArtifactLocation location(byte[] json) throws FormatException {
        try {
            JsonNode s3 = JSON.readTree(json).path("s3");
            JsonNode bucket = s3.get("bucketName");
            JsonNode key = s3.get("key");
            JsonNode version = s3.get("version");
            if (bucket == null
                    || !bucket.isTextual()
                    || key == null
                    || !key.isTextual()
                    || (version != null && !version.isTextual())) {
                throw new FormatException("payloadLocation must be {\"s3\":{\"bucketName\",\"key\"[,\"version\"]}}");
            }
            return new ArtifactLocation(
                    bucket.asText(), key.asText(), Optional.ofNullable(version).map(JsonNode::asText));
        } catch (IOException e) {
            throw new FormatException("payloadLocation is not JSON");
        }
    }

    /**
     * The certificate a {@code certificateChain} string carries. The same signer and CA strings
     * arrive with every document, so a string that has decoded once (canonical base64 of a DER
     * certificate) maps straight to its certificate: decoding it again and hashing the DER for
     * {@link CertificateCache} was a fifth of a small verify. Bounded as that cache is.
     */
    private static X509Certificate certificate(String base64) throws FormatException {
        X509Certificate cached = CARRIED.get(base64);
        if (cached != null) {
            return cached;
        }
        byte[] der = IotJsonReader.decodeCanonical(base64);
        X509Certificate certificate = certificate(der);
        if (der.length <= MAX_CACHED_DER) {
            CARRIED.put(base64, certificate);
        }
        return certificate;
    }

    private static X509Certificate certificate(byte[] der) throws FormatException {
        try {
            X509Certificate certificate = CertificateCache.parse(der);
            if (!Arrays.equals(certificate.getEncoded(), der)) {
                throw new FormatException("certificateChain holds a certificate with trailing or non-DER bytes");
            }
            return certificate;
        } catch (CertificateException e) {
            throw new FormatException("certificateChain holds a malformed certificate");
        }
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
