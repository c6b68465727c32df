package dev.signet.core.crypto.jca;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.List;
import java.util.Map;

/**
 * A JCA {@link Provider} whose {@code Signature} services sign with {@link KeyBackendPrivateKey}s
 * through the key backend, so JCA-based signers (the JDK's JarSigner, jsign) never hold a private
 * key. It is passed explicitly to those APIs and never installed with {@link
 * java.security.Security#addProvider}. Signs only; verification is refused (use a real provider).
 * Buffers the data to sign in memory, up to {@link #MAX_DATA} bytes: callers sign small structures
 * (signed attributes, signature files), never whole artifacts.
 */
public final class KeyBackendProvider extends Provider {
    public static final int MAX_DATA = 64 * 1024 * 1024;
    private static final long serialVersionUID = 1L;
    private static final Map<String, HashAlgorithm> ALGORITHMS = Map.of(
            "SHA256withECDSA", HashAlgorithm.SHA256,
            "SHA384withECDSA", HashAlgorithm.SHA384,
            "SHA256withRSA", HashAlgorithm.SHA256,
            "SHA384withRSA", HashAlgorithm.SHA384,
            "Ed25519", HashAlgorithm.SHA256);
    private static final KeyBackendProvider INSTANCE = new KeyBackendProvider();

    private KeyBackendProvider() {
        super("SignetKeyBackend", "1.0", "Signatures through a Signet key backend");
        ALGORITHMS.forEach((name, hash) -> putService(new SignatureService(this, name, hash)));
    }

    public static KeyBackendProvider instance() {
        return INSTANCE;
    }

    private static final class SignatureService extends Provider.Service {
        private final HashAlgorithm hash;

        SignatureService(Provider provider, String name, HashAlgorithm hash) {
            super(provider, "Signature", name, KeyBackendSignature.class.getName(), List.of(), null);
            this.hash = hash;
        }

        @Override
        public Object newInstance(Object parameter) {
            return new KeyBackendSignature(getAlgorithm(), hash);
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return parameter instanceof KeyBackendPrivateKey;
        }
    }

    /** One signing operation through the key backend. Not thread-safe, like any SignatureSpi. */
    static final class KeyBackendSignature extends SignatureSpi {
        private final String name;
        private final HashAlgorithm hash;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private KeyBackendPrivateKey key;

        KeyBackendSignature(String name, HashAlgorithm hash) {
            this.name = name;
            this.hash = hash;
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            if (!(privateKey instanceof KeyBackendPrivateKey k)) {
                throw new InvalidKeyException("this provider signs only with key backend keys");
            }
            KeyAlgorithm algorithm = k.signingKey().handle().algorithm();
            if (!new SignatureAlgorithm(algorithm, hash).jcaName().equals(name)) {
                throw new InvalidKeyException("a " + algorithm + " key cannot make " + name + " signatures");
            }
            this.key = k;
            buffer.reset();
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            throw new InvalidKeyException("the key backend provider only signs");
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            engineUpdate(new byte[] {b}, 0, 1);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            if (key == null) {
                throw new SignatureException("not initialized for signing");
            }
            if (buffer.size() + (long) len > MAX_DATA) {
                throw new SignatureException("more than " + MAX_DATA + " bytes to sign");
            }
            buffer.write(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            if (key == null) {
                throw new SignatureException("not initialized for signing");
            }
            try {
                return key.signingKey().sign(hash, buffer.toByteArray());
            } catch (KeyBackendException e) {
                throw new SignatureException("the key backend could not sign", e);
            } finally {
                buffer.reset();
            }
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            throw new SignatureException("the key backend provider only signs");
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new InvalidParameterException("no parameters");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new InvalidParameterException("no parameters");
        }
    }
}
