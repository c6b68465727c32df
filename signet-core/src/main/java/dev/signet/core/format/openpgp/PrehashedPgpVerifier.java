package dev.signet.core.format.openpgp;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.SignatureCheck;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.PGPContentVerifier;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;

/**
 * A bcpg verifier provider that continues a SHA-256 state which already holds the signed document
 * (so the document is hashed once, on {@link CryptoProviders}' digest, never on BouncyCastle's):
 * bcpg writes the signature trailer into it, and the signature value is checked over the final
 * digest with the X.509 certificate's public key, RSA PKCS#1 v1.5 over the SHA-256 DigestInfo, or,
 * for legacy EdDSA, Ed25519 over the digest (as {@link KeyBackendPgpSigner} signs). Refuses other
 * hash and key algorithms. One verifier per provider: the state is consumed.
 */
final class PrehashedPgpVerifier implements PGPContentVerifierBuilderProvider {
    private static final int BUFFER_SIZE = 1 << 20;
    private static final int SMALL_FILE = 64 * 1024;

    private final MessageDigest documentState;
    private final PublicKey publicKey;
    private final X509Certificate certificate;

    /**
     * {@code documentState}: SHA-256 over the document, not finished; {@code certificate}: the leaf,
     * whose key is converted once into the checking provider's type ({@link
     * SignatureCheck#verificationKey}).
     */
    PrehashedPgpVerifier(MessageDigest documentState, X509Certificate certificate) {
        this.documentState = documentState;
        this.certificate = certificate;
        this.publicKey = certificate.getPublicKey();
    }

    /** SHA-256, on {@link CryptoProviders}' digest, over the whole file, not finished. */
    static MessageDigest hashDocument(Path file) throws IOException {
        MessageDigest digest = CryptoProviders.messageDigest(HashAlgorithm.SHA256);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // a small file is read through a heap buffer its own size (plus one byte, to see its end):
            // zeroing a fresh 1 MiB direct buffer cost more than hashing it
            long size = channel.size();
            ByteBuffer buffer =
                    size < SMALL_FILE ? ByteBuffer.allocate((int) size + 1) : ByteBuffer.allocateDirect(BUFFER_SIZE);
            while (channel.read(buffer) != -1) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return digest;
    }

    @Override
    public org.bouncycastle.openpgp.operator.PGPContentVerifierBuilder get(int keyAlgorithm, int hashAlgorithm)
            throws PGPException {
        if (hashAlgorithm != HashAlgorithmTags.SHA256) {
            throw new PGPException("only SHA-256 signatures are verified, not hash algorithm " + hashAlgorithm);
        }
        boolean rsa =
                keyAlgorithm == PublicKeyAlgorithmTags.RSA_GENERAL || keyAlgorithm == PublicKeyAlgorithmTags.RSA_SIGN;
        boolean eddsa = keyAlgorithm == PublicKeyAlgorithmTags.EDDSA_LEGACY;
        if (rsa != (publicKey instanceof RSAPublicKey) || !(rsa || eddsa)) {
            throw new PGPException("the signature's key algorithm " + keyAlgorithm + " is not its certificate's key");
        }
        return key -> verifier(keyAlgorithm, key);
    }

    private PGPContentVerifier verifier(int keyAlgorithm, PGPPublicKey key) {
        OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) {
                documentState.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                documentState.update(b, off, len);
            }
        };
        return new PGPContentVerifier() {
            @Override
            public OutputStream getOutputStream() {
                return stream;
            }

            @Override
            public int getHashAlgorithm() {
                return HashAlgorithmTags.SHA256;
            }

            @Override
            public int getKeyAlgorithm() {
                return keyAlgorithm;
            }

            @Override
            public long getKeyID() {
                return key.getKeyID();
            }

            @Override
            public boolean verify(byte[] expected) {
                return check(documentState.digest(), expected);
            }
        };
    }

    private boolean check(byte[] digest, byte[] value) {
        try {
            if (publicKey instanceof RSAPublicKey rsa) {
                int length = (rsa.getModulus().bitLength() + 7) / 8;
                if (value.length > length) {
                    return false;
                }
                byte[] padded = new byte[length]; // an MPI drops leading zero octets
                System.arraycopy(value, 0, padded, length - value.length, value.length);
                Signature signature = CryptoProviders.signature("NONEwithRSA");
                CryptoProviders.initVerify(signature, SignatureCheck.verificationKey(certificate, "NONEwithRSA"));
                signature.update(new DigestInfo(
                                new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE), digest)
                        .getEncoded(ASN1Encoding.DER));
                return signature.verify(padded);
            }
            Signature signature = CryptoProviders.signature("Ed25519");
            CryptoProviders.initVerify(signature, SignatureCheck.verificationKey(certificate, "Ed25519"));
            signature.update(digest);
            return signature.verify(value);
        } catch (GeneralSecurityException | IOException | IllegalStateException e) {
            return false;
        }
    }
}
