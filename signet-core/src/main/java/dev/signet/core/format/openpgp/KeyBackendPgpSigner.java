package dev.signet.core.format.openpgp;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import java.io.OutputStream;
import java.security.MessageDigest;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.operator.PGPContentSigner;
import org.bouncycastle.openpgp.operator.PGPContentSignerBuilder;

/**
 * A bcpg {@link PGPContentSignerBuilder} that signs through the key backend. What bcpg writes (the
 * document, then the signature trailer) is hashed as it streams, with SHA-256 from {@link
 * CryptoProviders}, continuing from a state that may already hold the document (hashed once by the
 * caller, who then writes nothing but the trailer through bcpg); the
 * digest is then signed with {@link SigningKey#signDigest} (RSA) or, for Ed25519, with PureEdDSA
 * over the digest, as OpenPGP's legacy EdDSA prescribes. The {@link PGPPrivateKey} bcpg passes is
 * only a placeholder and never holds key material.
 */
final class KeyBackendPgpSigner implements PGPContentSignerBuilder {
    private final SigningKey key;
    private final long keyId;
    private final MessageDigest initial;

    /** Hashes from scratch. */
    KeyBackendPgpSigner(SigningKey key, long keyId) {
        this(key, keyId, CryptoProviders.messageDigest(HashAlgorithm.SHA256));
    }

    /** Continues {@code documentState}, a SHA-256 state over the document (copied, left untouched). */
    KeyBackendPgpSigner(SigningKey key, long keyId, MessageDigest documentState) {
        this.key = key;
        this.keyId = keyId;
        this.initial = documentState;
    }

    @Override
    public PGPContentSigner build(int signatureType, PGPPrivateKey ignored) throws PGPException {
        MessageDigest digest;
        try {
            digest = (MessageDigest) initial.clone();
        } catch (CloneNotSupportedException e) {
            throw new PGPException("the SHA-256 provider cannot copy a digest state", e);
        }
        OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) {
                digest.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }
        };
        return new PGPContentSigner() {
            private byte[] hash;

            @Override
            public OutputStream getOutputStream() {
                return stream;
            }

            @Override
            public byte[] getSignature() {
                byte[] h = getDigest();
                return key.handle().algorithm() == KeyAlgorithm.ED25519
                        ? key.sign(HashAlgorithm.SHA256, h)
                        : key.signDigest(HashAlgorithm.SHA256, h);
            }

            @Override
            public byte[] getDigest() {
                if (hash == null) {
                    hash = digest.digest();
                }
                return hash.clone();
            }

            @Override
            public int getType() {
                return signatureType;
            }

            @Override
            public int getHashAlgorithm() {
                return HashAlgorithmTags.SHA256;
            }

            @Override
            public int getKeyAlgorithm() {
                return OpenPgpKeys.pgpAlgorithm(key.handle().algorithm());
            }

            @Override
            public long getKeyID() {
                return keyId;
            }
        };
    }
}
