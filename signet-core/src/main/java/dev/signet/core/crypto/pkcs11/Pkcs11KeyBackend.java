package dev.signet.core.crypto.pkcs11;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyBackendUnavailableException;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.software.ImportedKeys;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keys generated inside a PKCS#11 token and used there, through the JDK's SunPKCS11 provider. A
 * private key is created on the token private, sensitive and non-extractable ({@code CKA_PRIVATE},
 * {@code CKA_SENSITIVE} true, {@code CKA_EXTRACTABLE} false) and never leaves it; its public half
 * is read from a placeholder certificate stored beside it. Keys are named by RFC 7512 URIs ({@link
 * Pkcs11Uri}): the handle's key id is the URI's path.
 *
 * <p>Signing hashes in the JVM and signs the digest on the token (ECDSA: {@code CKM_ECDSA}; RSA:
 * {@code CKM_RSA_PKCS} over the DigestInfo), so {@link #sign} and {@link #signDigest} give the same
 * signatures and streamed artifacts work. At most {@link Pkcs11Settings#sessions()} signatures run
 * on the token at once; a caller waits up to 10 s for its turn.
 *
 * <p>When the token is unplugged, logged out or its module fails, calls throw {@link
 * KeyBackendUnavailableException} and the connection is dropped; the next call (at most one attempt
 * a second) opens a new one, so the backend recovers when the token returns without a restart. A
 * wrong PIN is a plain {@link KeyBackendException}. An existing key can be imported ({@link
 * #importKey}): it is created on the token private, sensitive and non-extractable too, but it was
 * outside the token before, so it is not "always sensitive" nor "never extractable".
 * Thread-safe. Re-initialising closes every session of the process on the module, so a JVM has one
 * backend per module; and as a PKCS#11 login belongs to the whole process, a second backend over a
 * token already logged in does not check its PIN again.
 */
public final class Pkcs11KeyBackend implements KeyBackend {
    public static final String NAME = "pkcs11";
    static final int ALIAS_LENGTH = 26;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long TURN_WAIT_SECONDS = 10;

    private final Pkcs11Settings settings;
    private final char[] pin;
    private final Semaphore turns;
    private final Pkcs11Module module;
    private final ReentrantLock reconnect = new ReentrantLock();
    private volatile TokenConnection connection;
    private long nextAttempt;
    private volatile String lastFailure = "not connected yet";
    /**
     * Connections dropped after a failure, kept reachable: SunPKCS11 closes a provider's sessions
     * when they are collected, and after a re-initialisation their handles may name new sessions.
     */
    private final List<TokenConnection> retired = new ArrayList<>();

    /**
     * Opens the token and logs in at once, so a module that does not load or a wrong PIN stops the
     * caller here.
     *
     * @param pin the user PIN; copied, the caller may clear its array
     */
    public Pkcs11KeyBackend(Pkcs11Settings settings, char[] pin) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pin = Objects.requireNonNull(pin, "pin").clone();
        this.turns = new Semaphore(settings.sessions(), true);
        this.module = Pkcs11Module.load(settings.module());
        this.connection = TokenConnection.open(settings, module, this.pin);
    }

    @Override
    public String name() {
        return NAME;
    }

    public Pkcs11Settings settings() {
        return settings;
    }

    @Override
    public KeyHandle generate(KeyAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (algorithm == KeyAlgorithm.ED25519) {
            throw new KeyBackendException("the pkcs11 key backend does not generate Ed25519 keys");
        }
        String alias = newAlias();
        acquireTurn();
        try {
            TokenConnection token = connection();
            try {
                token.generate(algorithm, alias);
            } catch (GeneralSecurityException | ProviderException e) {
                throw failed(token, "generating a " + algorithm + " key", e);
            }
        } finally {
            turns.release();
        }
        return new KeyHandle(NAME, new Pkcs11Uri(settings.tokenLabel(), alias, alias).path(), algorithm);
    }

    /**
     * Creates an existing key pair's private key on the token ({@code C_CreateObject}: private,
     * sensitive, non-extractable), after checking that the two halves match. The caller should
     * wipe its copy of the private key afterwards; the token never gives it back.
     */
    @Override
    public KeyHandle importKey(PrivateKey key, PublicKey publicKey) {
        KeyAlgorithm algorithm = ImportedKeys.checkPair(key, publicKey);
        String alias = newAlias();
        acquireTurn();
        try {
            TokenConnection token = connection();
            try {
                token.importKey(algorithm, key, publicKey, alias);
            } catch (GeneralSecurityException | ProviderException e) {
                throw failed(token, "importing a " + algorithm + " key", e);
            }
        } finally {
            turns.release();
        }
        return new KeyHandle(NAME, new Pkcs11Uri(settings.tokenLabel(), alias, alias).path(), algorithm);
    }

    @Override
    public PublicKey publicKey(KeyHandle key) {
        String alias = aliasOf(key);
        acquireTurn();
        try {
            TokenConnection token = connection();
            try {
                return token.publicKey(alias);
            } catch (GeneralSecurityException | ProviderException e) {
                throw failed(token, "reading key " + key.uri(), e);
            } catch (KeyBackendException e) {
                throw unknownOrGone(token, e);
            }
        } finally {
            turns.release();
        }
    }

    @Override
    public byte[] sign(KeyHandle key, SignatureAlgorithm algorithm, byte[] data) {
        Objects.requireNonNull(data, "data");
        checkAlgorithm(key, algorithm);
        byte[] digest = CryptoProviders.messageDigest(algorithm.hash()).digest(data);
        return signDigest(key, algorithm, digest);
    }

    @Override
    public byte[] signDigest(KeyHandle key, SignatureAlgorithm algorithm, byte[] digest) {
        Objects.requireNonNull(digest, "digest");
        checkAlgorithm(key, algorithm);
        if (digest.length != algorithm.hash().length()) {
            throw new KeyBackendException("a " + algorithm.hash().jcaName() + " digest is "
                    + algorithm.hash().length() + " bytes, got " + digest.length);
        }
        String alias = aliasOf(key);
        byte[] input = TokenConnection.signatureInput(key.algorithm(), algorithm.hash(), digest);
        acquireTurn();
        try {
            TokenConnection token = connection();
            try {
                return token.signDigest(token.privateKey(alias), key.algorithm(), input);
            } catch (GeneralSecurityException | ProviderException e) {
                throw failed(token, "signing with key " + key.uri(), e);
            } catch (KeyBackendException e) {
                throw unknownOrGone(token, e);
            }
        } finally {
            turns.release();
        }
    }

    /** Reaches the token (opening it again if it was lost) and reads its object list. */
    @Override
    public void probe() {
        acquireTurn();
        try {
            TokenConnection token = connection();
            try {
                token.probe();
            } catch (GeneralSecurityException | ProviderException e) {
                throw failed(token, "reaching the token", e);
            }
        } finally {
            turns.release();
        }
    }

    /**
     * The current connection, or a new one after a failure. The caller holds one turn; the others
     * are taken here, so that no thread is inside the module while it is initialised again. A
     * caller arriving while another reopens the token fails at once rather than wait holding a turn.
     */
    private TokenConnection connection() {
        TokenConnection current = connection;
        if (current != null) {
            return current;
        }
        if (!reconnect.tryLock()) {
            throw new KeyBackendUnavailableException(
                    "PKCS#11 token " + settings.tokenLabel() + " is being opened again: " + lastFailure);
        }
        try {
            if (connection != null) {
                return connection;
            }
            if (System.nanoTime() - nextAttempt < 0) {
                throw new KeyBackendUnavailableException(lastFailure);
            }
            nextAttempt = System.nanoTime() + RETRY_NANOS;
            int others = settings.sessions() - 1;
            acquire(others, "cannot be opened again: signatures still running");
            try {
                module.reinitialize();
                connection = TokenConnection.open(settings, module, pin);
                return connection;
            } catch (KeyBackendException e) {
                lastFailure = e.getMessage();
                throw e instanceof KeyBackendUnavailableException ? e : new KeyBackendUnavailableException(lastFailure);
            } finally {
                turns.release(others);
            }
        } finally {
            reconnect.unlock();
        }
    }

    /** Drops {@code token} (if still current) and names the failure; the next call reconnects. */
    private KeyBackendUnavailableException failed(TokenConnection token, String what, Exception e) {
        String message =
                "PKCS#11 token " + settings.tokenLabel() + " failed " + what + ": " + TokenConnection.rootMessage(e);
        synchronized (retired) {
            if (connection == token) {
                connection = null;
                retired.add(token);
                lastFailure = message;
            }
        }
        return new KeyBackendUnavailableException(message, e);
    }

    /** A key not found is unknown only if the token still answers; otherwise the token is gone. */
    private KeyBackendException unknownOrGone(TokenConnection token, KeyBackendException notFound) {
        try {
            token.probe();
        } catch (GeneralSecurityException | ProviderException e) {
            return failed(token, "looking up a key", e);
        }
        return notFound;
    }

    private void acquireTurn() {
        acquire(1, "has no free session: all " + settings.sessions() + " stayed busy");
    }

    private void acquire(int permits, String refusal) {
        try {
            if (!turns.tryAcquire(permits, TURN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new KeyBackendUnavailableException(
                        "PKCS#11 token " + settings.tokenLabel() + " " + refusal + " for " + TURN_WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyBackendUnavailableException("interrupted while waiting for a PKCS#11 session");
        }
    }

    private String aliasOf(KeyHandle key) {
        Objects.requireNonNull(key, "key");
        if (!NAME.equals(key.backend())) {
            throw new KeyBackendException("key " + key.keyId() + " belongs to backend " + key.backend());
        }
        Pkcs11Uri uri;
        try {
            uri = Pkcs11Uri.parsePath(key.keyId());
        } catch (IllegalArgumentException e) {
            throw new KeyBackendException("key " + key.keyId() + " is not a PKCS#11 key URI: " + e.getMessage());
        }
        if (!uri.token().equals(settings.tokenLabel())) {
            throw new KeyBackendException(
                    "key " + key.uri() + " is on token " + uri.token() + ", not on " + settings.tokenLabel());
        }
        if (!uri.object().equals(uri.id())) {
            throw new KeyBackendException("key " + key.uri() + " was not made by Signet (object and id differ)");
        }
        return uri.object();
    }

    private static void checkAlgorithm(KeyHandle key, SignatureAlgorithm algorithm) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(algorithm, "algorithm");
        if (algorithm.key() != key.algorithm()) {
            throw new KeyBackendException(
                    "key " + key.uri() + " is " + key.algorithm() + ", cannot sign with " + algorithm.jcaName());
        }
        if (key.algorithm() == KeyAlgorithm.ED25519) {
            throw new KeyBackendException("the pkcs11 key backend holds no Ed25519 keys");
        }
    }

    /** 26 characters of RFC 4648 base32 over 128 random bits: the key's label and id. */
    static String newAlias() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        StringBuilder sb = new StringBuilder(ALIAS_LENGTH);
        int buffer = 0;
        int bits = 0;
        for (byte b : random) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        sb.append(BASE32[(buffer << (5 - bits)) & 31]);
        Arrays.fill(random, (byte) 0);
        return sb.toString();
    }
}
