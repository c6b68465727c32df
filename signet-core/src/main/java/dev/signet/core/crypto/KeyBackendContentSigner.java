package dev.signet.core.crypto;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;

/**
 * A BouncyCastle {@link ContentSigner} that signs through a {@link KeyBackend}, so certificate and
 * CMS builders never see the private key. Buffers what it signs in memory: use it for small
 * structures (TBS certificates, signed attributes), not artifacts. Single use, not thread-safe.
 */
public final class KeyBackendContentSigner implements ContentSigner {
    private final KeyBackend backend;
    private final KeyHandle key;
    private final SignatureAlgorithm algorithm;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public KeyBackendContentSigner(KeyBackend backend, KeyHandle key, HashAlgorithm hash) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.key = Objects.requireNonNull(key, "key");
        this.algorithm = new SignatureAlgorithm(key.algorithm(), Objects.requireNonNull(hash, "hash"));
    }

    /** The X.509/CMS algorithm identifier of {@code algorithm}: ECDSA, RSA PKCS#1 v1.5 or Ed25519. */
    public static AlgorithmIdentifier algorithmIdentifier(SignatureAlgorithm algorithm) {
        return switch (algorithm.key()) {
            case ECDSA_P256, ECDSA_P384 -> new AlgorithmIdentifier(ecdsaOid(algorithm.hash()));
            case RSA_3072, RSA_2048, RSA_4096 -> new AlgorithmIdentifier(rsaOid(algorithm.hash()), DERNull.INSTANCE);
            case ED25519 -> new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
        };
    }

    /** The digest algorithm identifier of {@code hash} (parameters absent, RFC 5754). */
    public static AlgorithmIdentifier digestIdentifier(HashAlgorithm hash) {
        return new AlgorithmIdentifier(
                switch (hash) {
                    case SHA256 -> NISTObjectIdentifiers.id_sha256;
                    case SHA384 -> NISTObjectIdentifiers.id_sha384;
                    case SHA1 -> org.bouncycastle.asn1.oiw.OIWObjectIdentifiers.idSHA1;
                });
    }

    /** The digest algorithm identifier with NULL parameters, as PKCS#1 v1.5 DigestInfo spells it. */
    public static AlgorithmIdentifier digestIdentifierWithNull(HashAlgorithm hash) {
        return new AlgorithmIdentifier(digestIdentifier(hash).getAlgorithm(), DERNull.INSTANCE);
    }

    private static ASN1ObjectIdentifier ecdsaOid(HashAlgorithm hash) {
        return switch (hash) {
            case SHA256 -> X9ObjectIdentifiers.ecdsa_with_SHA256;
            case SHA384 -> X9ObjectIdentifiers.ecdsa_with_SHA384;
            case SHA1 -> X9ObjectIdentifiers.ecdsa_with_SHA1;
        };
    }

    private static ASN1ObjectIdentifier rsaOid(HashAlgorithm hash) {
        return switch (hash) {
            case SHA256 -> PKCSObjectIdentifiers.sha256WithRSAEncryption;
            case SHA384 -> PKCSObjectIdentifiers.sha384WithRSAEncryption;
            case SHA1 -> PKCSObjectIdentifiers.sha1WithRSAEncryption;
        };
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithmIdentifier(algorithm);
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        return backend.sign(key, algorithm, buffer.toByteArray());
    }
}
