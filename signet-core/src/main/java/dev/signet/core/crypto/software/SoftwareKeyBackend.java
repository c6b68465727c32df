package dev.signet.core.crypto.software;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.DigestInfos;
import dev.signet.core.crypto.DirectoryKeyMaterialStore;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.KeyMaterialStore;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.files.SecureFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys generated in process and stored in a {@link KeyMaterialStore}, one entry per key ({@code
 * <keyId>.key}: a file of {@code keyDir}, 0600, written temp+rename, on a single node; a row of the
 * shared database in a cluster), the PKCS#8 private key sealed with AES-256-GCM under the master key
 * (see {@link KeyFile}). Unsealed keys are cached in memory; a key is never changed once stored, so
 * a cached key is never stale. Private key bytes never leave this
 * class; a missing, foreign or tampered key file is a {@link KeyBackendException} without key
 * material. Thread-safe.
 */
public final class SoftwareKeyBackend implements KeyBackend {
    private static final String NAME = "software";
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey masterKey;
    private final KeyMaterialStore store;
    private final ConcurrentHashMap<String, LoadedKey> cache = new ConcurrentHashMap<>();

    /** Keys as sealed files in {@code keyDir} (created 0700 if missing). */
    public SoftwareKeyBackend(MasterKey masterKey, Path keyDir) {
        this(masterKey, new DirectoryKeyMaterialStore(keyDir));
        try {
            SecureFiles.createPrivateDirectories(keyDir);
        } catch (IOException e) {
            throw new KeyBackendException("cannot create key directory " + keyDir + ": " + e.getMessage(), e);
        }
    }

    /** Keys as sealed entries of {@code store}. */
    public SoftwareKeyBackend(MasterKey masterKey, KeyMaterialStore store) {
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The key store must still be readable (for files: a readable directory): keys already unsealed
     * would go on signing without it, but any other key (a new profile's, another node's) could not
     * be loaded.
     */
    @Override
    public void probe() {
        try {
            store.probe();
        } catch (IOException e) {
            throw new KeyBackendException(e.getMessage());
        }
    }

    @Override
    public KeyHandle generate(KeyAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        return store(algorithm, generatePair(algorithm));
    }

    /**
     * Seals and stores an imported private key. Accepts EC P-256 and P-384 keys and RSA keys of
     * 2048 or 3072 bits whose public half is {@code publicKey}; refuses anything else without
     * echoing key material.
     */
    @Override
    public KeyHandle importKey(PrivateKey key, PublicKey publicKey) {
        KeyAlgorithm algorithm = ImportedKeys.checkPair(key, publicKey);
        KeyHandle handle = store(algorithm, new KeyPair(publicKey, key));
        // the caller's key objects may come from any provider: use the re-decoded ones from now on
        cache.remove(handle.keyId());
        return handle;
    }

    private KeyHandle store(KeyAlgorithm algorithm, KeyPair pair) {
        KeyHandle handle = new KeyHandle(NAME, newKeyId(), algorithm);
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        try {
            KeyFile unsealed =
                    new KeyFile(handle.keyId(), algorithm, pair.getPublic().getEncoded(), new byte[0]);
            KeyFile file =
                    new KeyFile(handle.keyId(), algorithm, unsealed.publicKey(), masterKey.seal(pkcs8, unsealed.aad()));
            store.write(entryOf(handle.keyId()), file.encode());
        } catch (IOException e) {
            throw new KeyBackendException("cannot store key " + handle.keyId() + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        cache.put(handle.keyId(), new LoadedKey(algorithm, pair.getPublic(), pair.getPrivate()));
        return handle;
    }

    @Override
    public PublicKey publicKey(KeyHandle key) {
        return load(key).publicKey;
    }

    @Override
    public byte[] sign(KeyHandle key, SignatureAlgorithm algorithm, byte[] data) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(data, "data");
        if (algorithm.key() != key.algorithm()) {
            throw new KeyBackendException(
                    "key " + key.keyId() + " is " + key.algorithm() + ", cannot sign with " + algorithm.jcaName());
        }
        LoadedKey loaded = load(key);
        try {
            Signature signature = CryptoProviders.signature(algorithm.jcaName());
            signature.initSign(loaded.privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new KeyBackendException(
                    "signing with key " + key.keyId() + " failed: "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    @Override
    public byte[] signDigest(KeyHandle key, SignatureAlgorithm algorithm, byte[] digest) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(digest, "digest");
        if (algorithm.key() != key.algorithm()) {
            throw new KeyBackendException(
                    "key " + key.keyId() + " is " + key.algorithm() + ", cannot sign with " + algorithm.jcaName());
        }
        if (digest.length != algorithm.hash().length()) {
            throw new KeyBackendException("a " + algorithm.hash().jcaName() + " digest is "
                    + algorithm.hash().length() + " bytes, got " + digest.length);
        }
        LoadedKey loaded = load(key);
        try {
            return switch (key.algorithm()) {
                case ECDSA_P256, ECDSA_P384 -> raw("NONEwithECDSA", loaded.privateKey, digest);
                case RSA_3072, RSA_2048, RSA_4096 ->
                    raw("NONEwithRSA", loaded.privateKey, DigestInfos.encode(algorithm.hash(), digest));
                case ED25519 -> throw new KeyBackendException("Ed25519 keys cannot sign precomputed digests");
            };
        } catch (GeneralSecurityException e) {
            throw new KeyBackendException(
                    "signing with key " + key.keyId() + " failed: "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    private static byte[] raw(String jcaName, PrivateKey key, byte[] input) throws GeneralSecurityException {
        Signature signature = CryptoProviders.signature(jcaName);
        signature.initSign(key);
        signature.update(input);
        return signature.sign();
    }

    private LoadedKey load(KeyHandle key) {
        Objects.requireNonNull(key, "key");
        if (!NAME.equals(key.backend())) {
            throw new KeyBackendException("key " + key.keyId() + " belongs to backend " + key.backend());
        }
        LoadedKey loaded = cache.computeIfAbsent(key.keyId(), this::read);
        if (loaded.algorithm != key.algorithm()) {
            throw new KeyBackendException(
                    "key " + key.keyId() + " is " + loaded.algorithm + ", not " + key.algorithm());
        }
        return loaded;
    }

    private LoadedKey read(String keyId) {
        byte[] bytes;
        try {
            bytes = store.read(entryOf(keyId)).orElseThrow(() -> new KeyBackendException("unknown key " + keyId));
        } catch (IllegalArgumentException e) {
            throw new KeyBackendException("unknown key " + keyId);
        } catch (IOException e) {
            throw new KeyBackendException("cannot read key " + keyId + ": " + e.getMessage(), e);
        }
        KeyFile file = KeyFile.decode(keyId, bytes);
        byte[] pkcs8;
        try {
            pkcs8 = masterKey.unseal(file.sealedPrivateKey(), file.aad());
        } catch (KeyBackendException e) {
            throw new KeyBackendException(
                    "key " + keyId + " does not open: the key file was altered or sealed under another master key");
        }
        try {
            KeyFactory factory = CryptoProviders.keyFactory(jcaKeyType(file.algorithm()));
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(file.publicKey()));
            return new LoadedKey(file.algorithm(), publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new KeyBackendException("key " + keyId + " cannot be decoded as " + file.algorithm());
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static KeyPair generatePair(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = CryptoProviders.keyPairGenerator(jcaKeyType(algorithm));
            switch (algorithm) {
                case ECDSA_P256 -> generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                case ECDSA_P384 -> generator.initialize(new ECGenParameterSpec("secp384r1"), RANDOM);
                case RSA_3072 ->
                    generator.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4), RANDOM);
                case RSA_2048 ->
                    generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), RANDOM);
                case RSA_4096 ->
                    generator.initialize(new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4), RANDOM);
                case ED25519 -> {
                    // Ed25519 has a single parameter set; the generator needs no initialisation.
                }
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new KeyBackendException("cannot generate a " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    static String jcaKeyType(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case ECDSA_P256, ECDSA_P384 -> "EC";
            case RSA_3072, RSA_2048, RSA_4096 -> "RSA";
            case ED25519 -> "Ed25519";
        };
    }

    /**
     * Re-seals every key of {@code keys} that {@code to} does not open yet, from {@code from} to
     * {@code to}, one entry at a time (each write atomic): an interrupted run leaves every entry
     * sealed under one of the two, and running it again finishes the work.
     *
     * @param step called after each entry is re-sealed (tests interrupt the run there)
     * @return how many entries were re-sealed
     * @throws KeyBackendException when an entry opens under neither key; nothing after it is touched
     */
    public static int reseal(KeyMaterialStore keys, MasterKey from, MasterKey to, Runnable step) throws IOException {
        int resealed = 0;
        for (String name : keys.names()) {
            if (!name.endsWith(".key")) {
                continue;
            }
            String keyId = name.substring(0, name.length() - ".key".length());
            KeyFile file =
                    KeyFile.decode(keyId, keys.read(name).orElseThrow(() -> new IOException(name + " vanished")));
            if (to.opens(file.sealedPrivateKey(), file.aad())) {
                continue;
            }
            if (!from.opens(file.sealedPrivateKey(), file.aad())) {
                throw new KeyBackendException(
                        "key " + keyId + " opens under neither the current nor the new master key");
            }
            byte[] pkcs8 = from.unseal(file.sealedPrivateKey(), file.aad());
            try {
                KeyFile resealedFile =
                        new KeyFile(keyId, file.algorithm(), file.publicKey(), to.seal(pkcs8, file.aad()));
                keys.write(name, resealedFile.encode());
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
            resealed++;
            step.run();
        }
        return resealed;
    }

    private static String entryOf(String keyId) {
        return keyId + ".key";
    }

    /** 26 characters of RFC 4648 base32 over 128 random bits. */
    private static String newKeyId() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        StringBuilder sb = new StringBuilder(26);
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
        if (bits > 0) {
            sb.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }

    /** An unsealed key; deliberately without a toString that could print the private key. */
    private static final class LoadedKey {
        final KeyAlgorithm algorithm;
        final PublicKey publicKey;
        final PrivateKey privateKey;

        LoadedKey(KeyAlgorithm algorithm, PublicKey publicKey, PrivateKey privateKey) {
            this.algorithm = algorithm;
            this.publicKey = publicKey;
            this.privateKey = privateKey;
        }

        @Override
        public String toString() {
            return "LoadedKey[" + algorithm + "]";
        }
    }
}
